import { toCeqlDate, toEpochMs } from '../core/mapping/dates.js';
import type { Sort } from '../core/pagination/list-query.dto.js';
import { Ceql } from '../upstream/ceql.js';
import { priorityCodeFor, statusCodesFor } from './incident-codes.js';

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
      Ceql.in('ServiceRequestLifeCycleStatusCode', [...new Set(f.status.flatMap(statusCodesFor))]),
    f.priority && Ceql.in('ServicePriorityCode', [...new Set(f.priority.map(priorityCodeFor))]),
    f.accountKey === undefined ? undefined : Ceql.eq('CustomerID', f.accountKey),
    f.contactKey === undefined ? undefined : Ceql.eq('ReportedForPartyID', f.contactKey),
    f.q === undefined ? undefined : Ceql.contains('Name.content', f.q),
    since('LastChangeDateTime', f.updatedSince),
    since('CreationDateTime', f.createdSince),
  );
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
