import { fieldReader } from './ceql/ceql-schema.js';
import { badRequest } from './http-error.js';
import type { ResourceSchema } from './resources/resource-schema.js';

export interface SortKey {
  field: string;
  descending: boolean;
}

/** `orderBy=Field asc, Other desc`; unknown fields are rejected like an invalid query. */
export function parseOrderBy(text: string | null, schema: ResourceSchema): SortKey[] {
  if (text === null || text.trim() === '') {
    return schema.defaultOrder.map((field) => ({ field, descending: false }));
  }
  return text.split(',').map((part) => {
    const [field = '', direction = 'asc', ...rest] = part.trim().split(/\s+/);
    const normalized = direction.toLowerCase();
    if (rest.length > 0 || (normalized !== 'asc' && normalized !== 'desc')) {
      throw badRequest(`Invalid orderBy: '${part.trim()}'`);
    }
    if (!schema.query.has(field)) {
      throw badRequest(`Invalid orderBy: unknown field '${field}'`);
    }
    return { field, descending: normalized === 'desc' };
  });
}

/** Nulls sort first ascending (as OData does) and last descending. */
export function sortRecords<T>(records: readonly T[], keys: readonly SortKey[]): T[] {
  const readers = keys.map((key) => fieldReader(key.field));
  const decorated = records.map((record) => ({
    record,
    values: readers.map((read) => read(record)),
  }));
  decorated.sort((left, right) => {
    for (let i = 0; i < keys.length; i++) {
      const order = compareValues(left.values[i], right.values[i]);
      if (order !== 0) {
        return keys[i]?.descending ? -order : order;
      }
    }
    return 0;
  });
  return decorated.map((entry) => entry.record);
}

function compareValues(left: unknown, right: unknown): number {
  if (left === right) {
    return 0;
  }
  if (left === null) {
    return -1;
  }
  if (right === null) {
    return 1;
  }
  const a = sortable(left);
  const b = sortable(right);
  return a < b ? -1 : a > b ? 1 : 0;
}

function sortable(value: unknown): number | string {
  return typeof value === 'number' || typeof value === 'string' ? value : JSON.stringify(value);
}
