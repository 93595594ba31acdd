import { toCeqlDate, toEpochMs } from '../core/mapping/dates.js';
import type { Sort } from '../core/pagination/list-query.dto.js';
import { Ceql } from '../upstream/ceql.js';

/** Contact filters with the account link already turned into its business key. */
export interface ContactFilters {
  accountKey?: string;
  email?: string;
  q?: string;
  updatedSince?: string;
}

/** The CEQL `where` for a contact list; every value goes through the Ceql builder. */
export function contactWhere(f: ContactFilters): Ceql | undefined {
  return Ceql.and(
    f.accountKey === undefined ? undefined : Ceql.eq('AccountID', f.accountKey),
    f.email === undefined ? undefined : Ceql.eq('Email', f.email),
    f.q === undefined ? undefined : nameMatches(f.q),
    since('ChangedOn', f.updatedSince),
  );
}

/** More words than a name has are searched as one text (and keep the `where` short). */
const MAX_WORDS = 6;

/**
 * Every word of `q` in the first or the last name, so a full name finds its contact
 * ("Wei García": Wei in one name, García in one name); one word: either name contains it.
 */
function nameMatches(q: string): Ceql | undefined {
  const words = q.split(/\s+/).filter((word) => word.length > 0);
  const terms = words.length > 0 && words.length <= MAX_WORDS ? words : [q];
  return Ceql.and(
    ...terms.map((word) =>
      Ceql.or(Ceql.contains('FirstName', word), Ceql.contains('LastName', word)),
    ),
  );
}

function since(field: string, iso: string | undefined): Ceql | undefined {
  const ms = iso === undefined ? null : toEpochMs(iso);
  return ms === null ? undefined : Ceql.gte(field, toCeqlDate(ms));
}

const SORT_FIELDS = { updatedAt: 'ChangedOn', createdAt: 'CreatedOn' } as const;

export function contactOrderBy(sort: Sort = '-updatedAt'): string {
  const descending = sort.startsWith('-');
  const field = SORT_FIELDS[(descending ? sort.slice(1) : sort) as keyof typeof SORT_FIELDS];
  return `${field} ${descending ? 'desc' : 'asc'}`;
}
