import { text } from '../core/mapping/values.js';
import {
  KNOWN_PRIORITIES,
  KNOWN_STATUSES,
  priorityLevel,
  statusCategory,
} from '../incidents/incident-codes.js';
import type { PriorityLookupDto, StatusLookupDto } from './lookup.dto.js';

/** A C4C code-list entry (`{CodeListName}Collection`). */
export interface UpstreamCode {
  Code?: string | null;
  Description?: string | null;
}

export function toStatusLookups(codes: UpstreamCode[]): StatusLookupDto[] {
  return entries(codes).map(({ code, name }) => ({
    code,
    name: name ?? KNOWN_STATUSES[code]?.name ?? code,
    category: statusCategory(code),
  }));
}

export function toPriorityLookups(codes: UpstreamCode[]): PriorityLookupDto[] {
  return entries(codes).map(({ code, name }) => ({
    code,
    name: name ?? KNOWN_PRIORITIES[code]?.name ?? code,
    level: priorityLevel(code),
  }));
}

/** The standard C4C codes, served when the tenant's code list cannot be found upstream. */
export const STANDARD_STATUSES: UpstreamCode[] = Object.entries(KNOWN_STATUSES).map(
  ([Code, s]) => ({ Code, Description: s.name }),
);
export const STANDARD_PRIORITIES: UpstreamCode[] = Object.entries(KNOWN_PRIORITIES).map(
  ([Code, p]) => ({ Code, Description: p.name }),
);

function entries(codes: UpstreamCode[]): { code: string; name: string | null }[] {
  const seen = new Set<string>();
  return codes.flatMap((entry) => {
    const code = text(entry.Code);
    if (code === null || seen.has(code)) {
      return [];
    }
    seen.add(code);
    return [{ code, name: text(entry.Description) }];
  });
}
