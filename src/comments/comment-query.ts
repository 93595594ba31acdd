import type { Sort } from '../core/pagination/list-query.dto.js';
import { Ceql } from '../upstream/ceql.js';
import { NAMED_TYPE_CODES, UNMAPPED_COMMENT_TYPE, commentTypeCodeFor } from './comment-types.js';

/** A thread reads oldest first. */
export const DEFAULT_COMMENT_SORT: Sort = 'createdAt';

/**
 * The CEQL `where` for a comment list: type names or codes → `TypeCode IN (…)`; `other` (any code
 * but the four named ones, or none, as the mapper reads them) → `TypeCode != …` on each named
 * code not asked for.
 */
export function commentWhere(types: string[] | undefined): Ceql | undefined {
  if (types === undefined) {
    return undefined;
  }
  return Ceql.oneOfOrUnlisted('TypeCode', {
    codes: types.filter((type) => type !== UNMAPPED_COMMENT_TYPE).map(commentTypeCodeFor),
    orUnlisted: types.includes(UNMAPPED_COMMENT_TYPE),
    known: NAMED_TYPE_CODES,
    missingIsUnlisted: true,
  });
}

const SORT_FIELDS = { updatedAt: 'UpdatedOn', createdAt: 'CreatedOn' } as const;

export function commentOrderBy(sort: Sort = DEFAULT_COMMENT_SORT): string {
  const descending = sort.startsWith('-');
  const field = SORT_FIELDS[(descending ? sort.slice(1) : sort) as keyof typeof SORT_FIELDS];
  return `${field} ${descending ? 'desc' : 'asc'}`;
}
