import type { CeqlFieldKind, CeqlSchema } from '../ceql/ceql-schema.js';

export type FieldKind = CeqlFieldKind | 'object';

export interface FieldSpec {
  kind: FieldKind;
  /** Writable on create only, or on create and update; absent means read-only. */
  write?: 'create' | 'always';
  required?: boolean;
}

export interface ResourceSchema {
  /** Singular noun for messages: "No incident found with ID …". */
  noun: string;
  fields: Readonly<Record<string, FieldSpec>>;
  /** Fields `where` and `orderBy` accept, nested ones with dots. */
  query: CeqlSchema;
  /** Used when no orderBy is given: creation time, then ObjectID for a stable order. */
  defaultOrder: readonly string[];
}

export function defineSchema(
  noun: string,
  fields: Record<string, FieldSpec>,
  options: { nested?: Record<string, CeqlFieldKind>; defaultOrder: readonly string[] },
): ResourceSchema {
  const query = new Map<string, CeqlFieldKind>();
  for (const [name, spec] of Object.entries(fields)) {
    if (spec.kind !== 'object') {
      query.set(name, spec.kind);
    }
  }
  for (const [path, kind] of Object.entries(options.nested ?? {})) {
    query.set(path, kind);
  }
  return { noun, fields, query, defaultOrder: options.defaultOrder };
}

export const readOnly = (kind: FieldKind): FieldSpec => ({ kind });
export const writable = (kind: FieldKind, required = false): FieldSpec => ({
  kind,
  write: 'always',
  required,
});
export const createOnly = (kind: FieldKind): FieldSpec => ({ kind, write: 'create' });
