import { ErrorCode } from '../core/errors/error-code.js';
import { GatewayError } from '../core/errors/gateway.error.js';
import type { Sort } from '../core/pagination/list-query.dto.js';
import { Ceql } from '../upstream/ceql.js';
import { commentTypeCodeFor } from './comment-types.js';

/** A thread reads oldest first. */
export const DEFAULT_COMMENT_SORT: Sort = 'createdAt';

/** The CEQL `where` for a comment list: type names or codes → `TypeCode IN (…)`. */
export function commentWhere(types: string[] | undefined): Ceql | undefined {
  if (types === undefined) {
    return undefined;
  }
  const codes = types.map(commentTypeCodeFor);
  if (codes.some((code) => code === undefined)) {
    throw new GatewayError(ErrorCode.ValidationFailed, 'The type "other" cannot be filtered on', {
      errors: [{ field: 'type', message: 'must list type names other than "other", or TypeCodes' }],
    });
  }
  return Ceql.in('TypeCode', [...new Set(codes as string[])]);
}

const SORT_FIELDS = { updatedAt: 'UpdatedOn', createdAt: 'CreatedOn' } as const;

export function commentOrderBy(sort: Sort = DEFAULT_COMMENT_SORT): string {
  const descending = sort.startsWith('-');
  const field = SORT_FIELDS[(descending ? sort.slice(1) : sort) as keyof typeof SORT_FIELDS];
  return `${field} ${descending ? 'desc' : 'asc'}`;
}
