import type { UpstreamComment } from '../comments/upstream-comment.js';

/** A C4C ServiceRequest as sapc4chd returns it (native field names; dates usually epoch ms). */
export interface UpstreamIncident {
  ObjectID: string;
  id?: string;
  ID?: string | null;
  Name?: { content?: string | null; languageCode?: string | null } | null;
  ServicePriorityCode?: string | null;
  ServicePriorityCodeText?: string | null;
  ServiceRequestLifeCycleStatusCode?: string | null;
  ServiceRequestLifeCycleStatusCodeText?: string | null;
  CustomerID?: string | null;
  ReportedForPartyID?: string | null;
  ReporterPartyID?: string | null;
  AssignedTo?: string | null;
  CompletionDueDate?: number | string | null;
  CreationDateTime?: number | string | null;
  LastChangeDateTime?: number | string | null;
  CreatedOn?: number | string | null;
  ChangedOn?: number | string | null;
  ETag?: string | null;
  ServiceRequestDescription?: UpstreamComment[] | { __deferred: unknown } | null;
  [field: string]: unknown;
}

/** The native fields a gateway write may send. */
export interface UpstreamIncidentWrite {
  Name?: { content: string };
  ServicePriorityCode?: string;
  ServiceRequestLifeCycleStatusCode?: string;
  CustomerID?: string | null;
  ReportedForPartyID?: string | null;
  ServiceRequestDescription?: { Text: string; TypeCode: string }[];
}
