import type { FieldError } from '../core/errors/gateway.error.js';
import { LOOKUP_ROUTES, type LookupList } from '../lookups/lookup-routes.js';
import { priorityCodeFor, statusCodesFor } from './incident-codes.js';

/** The incident fields whose codes come from one of a tenant's lookup lists. */
export const LISTED_CODE_FIELDS = {
  status: 'statuses',
  priority: 'priorities',
} as const satisfies Record<string, LookupList>;

export type ListedCodeField = keyof typeof LISTED_CODE_FIELDS;

/** The code a write of `value` (a category or level, or a code) sends for `field`. */
export function writeCode(field: ListedCodeField, value: string): string {
  return field === 'status' ? (statusCodesFor(value)[0] as string) : priorityCodeFor(value);
}

/**
 * The problem with writing `value` to `field` when the tenant's list holds `listed`; none when the
 * code is listed, or when the list could not be read (undefined): then the upstream judges it.
 */
export function unlistedCode(
  field: ListedCodeField,
  value: string,
  listed: ReadonlySet<string> | undefined,
): FieldError | undefined {
  const code = writeCode(field, value);
  if (listed === undefined || listed.has(code)) {
    return undefined;
  }
  const what = code === value ? `"${value}"` : `"${value}" (code ${code})`;
  return {
    field,
    message: `${what} is not a ${field} of this tenant; GET /v1/${LOOKUP_ROUTES[LISTED_CODE_FIELDS[field]]} lists them`,
  };
}
