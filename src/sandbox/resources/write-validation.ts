import { parseIsoDate } from '../ceql/ceql-schema.js';
import { badRequest } from '../http-error.js';
import type { ResourceSchema } from './resource-schema.js';

export type JsonObject = Record<string, unknown>;
export type WriteMode = 'create' | 'update';
/** Scalar field values after checking; object-valued fields are left to the resource. */
export type ScalarValues = Record<string, string | number | boolean | null>;

const ODATA_DATE = /^\/Date\((-?\d+)\)\/$/;

/**
 * Rejects unknown, read-only and wrongly typed fields (C4C answers those with 400) and
 * returns the scalar values, dates normalized to epoch milliseconds.
 */
export function validateWrite(
  body: JsonObject,
  schema: ResourceSchema,
  mode: WriteMode,
): ScalarValues {
  const values: ScalarValues = {};
  for (const [name, value] of Object.entries(body)) {
    const spec = schema.fields[name];
    if (!spec) {
      throw badRequest(`Unknown field '${name}' for ${schema.noun}`);
    }
    if (!spec.write || (spec.write === 'create' && mode === 'update')) {
      throw badRequest(`Field '${name}' of ${schema.noun} is read-only`);
    }
    if (spec.required && (value === null || value === '')) {
      throw badRequest(`Field '${name}' of ${schema.noun} must not be empty`);
    }
    if (spec.kind !== 'object') {
      values[name] = checkScalar(name, value, spec.kind);
    }
  }
  if (mode === 'create') {
    for (const [name, spec] of Object.entries(schema.fields)) {
      const value = body[name];
      if (spec.required && value === undefined) {
        throw badRequest(`Field '${name}' is required for a new ${schema.noun}`);
      }
    }
  }
  return values;
}

function checkScalar(
  name: string,
  value: unknown,
  kind: 'string' | 'number' | 'date' | 'boolean',
): string | number | boolean | null {
  if (value === null) {
    return null;
  }
  if (kind === 'date') {
    const time = toEpochMillis(value);
    if (time === undefined) {
      throw badRequest(`Field '${name}' needs a date (epoch milliseconds or ISO 8601)`);
    }
    return time;
  }
  if (kind === 'number' ? typeof value !== 'number' : typeof value !== kind) {
    throw badRequest(`Field '${name}' needs a ${kind} value`);
  }
  return value as string | number | boolean;
}

function toEpochMillis(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) {
    return value;
  }
  if (typeof value !== 'string') {
    return undefined;
  }
  const odata = ODATA_DATE.exec(value);
  const time = odata ? Number(odata[1]) : parseIsoDate(value);
  return Number.isNaN(time) ? undefined : time;
}

export function optionalString(values: ScalarValues, name: string): string | null | undefined {
  const value = values[name];
  return typeof value === 'string' || value === null ? value : undefined;
}

export function optionalNumber(values: ScalarValues, name: string): number | null | undefined {
  const value = values[name];
  return typeof value === 'number' || value === null ? value : undefined;
}
