import { DESCRIPTION_TYPE_CODE, type UpstreamComment } from '../comments/upstream-comment.js';
import { toIsoDate } from '../core/mapping/dates.js';
import { text } from '../core/mapping/values.js';
import type { LinkIds } from '../links/link-ids.js';
import type { IncidentDto, IncidentPriorityDto, IncidentStatusDto } from './dto/incident.dto.js';
import {
  KNOWN_PRIORITIES,
  KNOWN_STATUSES,
  priorityLevel,
  statusCategory,
} from './incident-codes.js';
import type { UpstreamIncident } from './upstream-incident.js';

/** Upstream ServiceRequest → normalized incident. Business keys become ids through `links`. */
export function toIncident(raw: UpstreamIncident, links: LinkIds, includeRaw = false): IncidentDto {
  const incident: IncidentDto = {
    id: raw.ObjectID,
    number: text(raw.ID),
    subject: text(raw.Name?.content),
    description: descriptionOf(raw.ServiceRequestDescription),
    status: toStatus(raw),
    priority: toPriority(raw),
    accountId: links.accountId(raw.CustomerID),
    contactId: links.contactId(raw.ReportedForPartyID),
    reporterId: links.contactId(raw.ReporterPartyID),
    assigneeId: text(raw.AssignedTo),
    dueAt: toIsoDate(raw.CompletionDueDate),
    createdAt: toIsoDate(raw.CreationDateTime ?? raw.CreatedOn),
    updatedAt: toIsoDate(raw.LastChangeDateTime ?? raw.ChangedOn),
    version: text(raw.ETag),
  };
  if (includeRaw) {
    incident.raw = raw;
  }
  return incident;
}

function toStatus(raw: UpstreamIncident): IncidentStatusDto | null {
  const code = text(raw.ServiceRequestLifeCycleStatusCode);
  if (code === null) {
    return null;
  }
  const name =
    text(raw.ServiceRequestLifeCycleStatusCodeText) ?? KNOWN_STATUSES[code]?.name ?? code;
  return { code, name, category: statusCategory(code) };
}

function toPriority(raw: UpstreamIncident): IncidentPriorityDto | null {
  const code = text(raw.ServicePriorityCode);
  if (code === null) {
    return null;
  }
  const name = text(raw.ServicePriorityCodeText) ?? KNOWN_PRIORITIES[code]?.name ?? code;
  return { code, name, level: priorityLevel(code) };
}

/** The text of the description entry (TypeCode 10004), when the descriptions were expanded. */
function descriptionOf(descriptions: UpstreamIncident['ServiceRequestDescription']): string | null {
  if (!Array.isArray(descriptions)) {
    return null;
  }
  const entry = descriptions.find((d: UpstreamComment) => d.TypeCode === DESCRIPTION_TYPE_CODE);
  return text(entry?.Text);
}
