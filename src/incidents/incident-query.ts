import { toCeqlDate, toEpochMs } from '../core/mapping/dates.js';
import type { Sort } from '../core/pagination/list-query.dto.js';
import { Ceql } from '../upstream/ceql.js';
import {
  KNOWN_PRIORITIES,
  KNOWN_STATUSES,
  UNLISTED,
  priorityCodeFor,
  statusCodesFor,
} from './incident-codes.js';

/** Incident filters with links already turned into business keys. */
export interface IncidentFilters {
  status?: string[];
  priority?: string[];
  accountKey?: string;
  contactKey?: string;
  q?: string;
  updatedSince?: string;
  createdSince?: string;
}

/** The CEQL `where` for an incident list; every value goes through the Ceql builder. */
export function incidentWhere(f: IncidentFilters): Ceql | undefined {
  return Ceql.and(
    f.status &&
      codeFilter('ServiceRequestLifeCycleStatusCode', f.status, statusCodesFor, KNOWN_STATUSES),
    f.priority &&
      codeFilter('ServicePriorityCode', f.priority, (v) => [priorityCodeFor(v)], KNOWN_PRIORITIES),
    f.accountKey === undefined ? undefined : Ceql.eq('CustomerID', f.accountKey),
    f.contactKey === undefined ? undefined : Ceql.eq('ReportedForPartyID', f.contactKey),
    f.q === undefined ? undefined : Ceql.contains('Name.content', f.q),
    since('LastChangeDateTime', f.updatedSince),
    since('CreationDateTime', f.createdSince),
  );
}

/**
 * Categories or levels and codes, where `unknown` means any code outside the known ones. A missing
 * status or priority reads as null, not as `unknown`, so it is not matched.
 */
function codeFilter(
  field: string,
  values: string[],
  codesFor: (value: string) => string[],
  known: Record<string, unknown>,
): Ceql | undefined {
  return Ceql.oneOfOrUnlisted(field, {
    codes: values.filter((value) => value !== UNLISTED).flatMap(codesFor),
    orUnlisted: values.includes(UNLISTED),
    known: Object.keys(known),
    missingIsUnlisted: false,
  });
}

function since(field: string, iso: string | undefined): Ceql | undefined {
  const ms = iso === undefined ? null : toEpochMs(iso);
  return ms === null ? undefined : Ceql.gte(field, toCeqlDate(ms));
}

const SORT_FIELDS = { updatedAt: 'LastChangeDateTime', createdAt: 'CreationDateTime' } as const;

export function incidentOrderBy(sort: Sort = '-updatedAt'): string {
  const descending = sort.startsWith('-');
  const field = SORT_FIELDS[(descending ? sort.slice(1) : sort) as keyof typeof SORT_FIELDS];
  return `${field} ${descending ? 'desc' : 'asc'}`;
}
