import { DESCRIPTION_TYPE_CODE } from '../comments/upstream-comment.js';
import type { CreateIncidentDto } from './dto/create-incident.dto.js';
import type { UpdateIncidentDto } from './dto/update-incident.dto.js';
import { priorityCodeFor, statusCodesFor } from './incident-codes.js';
import type { UpstreamIncidentWrite } from './upstream-incident.js';

/** Link fields already turned into business keys by the service. */
export interface IncidentWriteKeys {
  /** null unlinks. */
  accountKey?: string | null;
  contactKey?: string | null;
}

/** Normalized create body → native ServiceRequest fields; the description becomes its 10004 entry. */
export function toUpstreamIncidentCreate(
  dto: CreateIncidentDto,
  keys: IncidentWriteKeys,
): UpstreamIncidentWrite {
  const write = toUpstreamIncidentFields(dto, keys);
  if (dto.description !== undefined) {
    write.ServiceRequestDescription = [{ Text: dto.description, TypeCode: DESCRIPTION_TYPE_CODE }];
  }
  return write;
}

/** The native fields of a PATCH; the description is written separately, as its own entry. */
export function toUpstreamIncidentFields(
  dto: UpdateIncidentDto,
  keys: IncidentWriteKeys,
): UpstreamIncidentWrite {
  const write: UpstreamIncidentWrite = {};
  if (dto.subject !== undefined) {
    write.Name = { content: dto.subject };
  }
  if (dto.priority !== undefined) {
    write.ServicePriorityCode = priorityCodeFor(dto.priority);
  }
  if (dto.status !== undefined) {
    write.ServiceRequestLifeCycleStatusCode = statusCodesFor(dto.status)[0];
  }
  if (keys.accountKey !== undefined) {
    write.CustomerID = keys.accountKey;
  }
  if (keys.contactKey !== undefined) {
    write.ReportedForPartyID = keys.contactKey;
  }
  return write;
}
