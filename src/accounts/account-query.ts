import { toCeqlDate, toEpochMs } from '../core/mapping/dates.js';
import type { Sort } from '../core/pagination/list-query.dto.js';
import { Ceql } from '../upstream/ceql.js';

export interface AccountFilters {
  q?: string;
  updatedSince?: string;
}

/** The CEQL `where` for an account list; every value goes through the Ceql builder. */
export function accountWhere(f: AccountFilters): Ceql | undefined {
  return Ceql.and(
    f.q === undefined ? undefined : Ceql.contains('AccountName', f.q),
    since('ChangedOn', f.updatedSince),
  );
}

function since(field: string, iso: string | undefined): Ceql | undefined {
  const ms = iso === undefined ? null : toEpochMs(iso);
  return ms === null ? undefined : Ceql.gte(field, toCeqlDate(ms));
}

const SORT_FIELDS = { updatedAt: 'ChangedOn', createdAt: 'CreatedOn' } as const;

export function accountOrderBy(sort: Sort = '-updatedAt'): string {
  const descending = sort.startsWith('-');
  const field = SORT_FIELDS[(descending ? sort.slice(1) : sort) as keyof typeof SORT_FIELDS];
  return `${field} ${descending ? 'desc' : 'asc'}`;
}
