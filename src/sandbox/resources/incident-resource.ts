import type { InstanceStore } from '../store/instance-store.js';
import { LIFE_CYCLE_STATUS_CODES, PRIORITY_CODES, describeCode } from '../store/code-lists.js';
import type { IncidentRecord } from '../store/native-records.js';
import { createComment } from './comment-resource.js';
import { EXPANDABLE_INCIDENT_NAVIGATIONS, incidentSchema } from './incident-schema.js';
import { checkIncidentValues, mergeName, parseDescriptions } from './incident-writes.js';
import { viewIncident } from './incident-view.js';
import { existing, type RecordResource } from './record-resource.js';
import {
  optionalNumber,
  optionalString,
  validateWrite,
  type JsonObject,
} from './write-validation.js';

function createIncident(store: InstanceStore, body: JsonObject): IncidentRecord {
  const values = validateWrite(body, incidentSchema, 'create');
  checkIncidentValues(store, values);
  const name = mergeName(body.Name, null);
  const descriptions = parseDescriptions(body.ServiceRequestDescription);
  const now = store.clock.currentTime();
  const priority = optionalString(values, 'ServicePriorityCode') ?? '3';
  const status = optionalString(values, 'ServiceRequestLifeCycleStatusCode') ?? '1';
  const ObjectID = store.newObjectId();
  store.incidents.insert({
    ObjectID,
    id: ObjectID,
    ID: store.nextIncidentNumber(),
    Name: name,
    ServicePriorityCode: priority,
    ServicePriorityCodeText: describeCode(PRIORITY_CODES, priority),
    ServiceRequestLifeCycleStatusCode: status,
    ServiceRequestLifeCycleStatusCodeText: describeCode(LIFE_CYCLE_STATUS_CODES, status),
    ServiceRequestUserLifeCycleStatusCode:
      optionalString(values, 'ServiceRequestUserLifeCycleStatusCode') ?? status,
    ProcessingTypeCode: optionalString(values, 'ProcessingTypeCode') ?? 'SRRQ',
    CustomerID: optionalString(values, 'CustomerID') ?? null,
    ReportedForPartyID: optionalString(values, 'ReportedForPartyID') ?? null,
    ReporterPartyID: optionalString(values, 'ReporterPartyID') ?? null,
    ReporterEmail: optionalString(values, 'ReporterEmail') ?? null,
    AssignedTo: optionalString(values, 'AssignedTo') ?? null,
    CompletionDueDate: optionalNumber(values, 'CompletionDueDate') ?? null,
    CreationDateTime: now,
    LastChangeDateTime: now,
    CreatedOn: now,
    ChangedOn: now,
    ETag: store.clock.etagFor(now),
  });
  for (const description of descriptions) {
    createComment(store, ObjectID, description);
  }
  return existing(store.incidents.get(ObjectID));
}

function updateIncident(store: InstanceStore, id: string, body: JsonObject): IncidentRecord {
  const values = validateWrite(body, incidentSchema, 'update');
  checkIncidentValues(store, values);
  const changes: Partial<IncidentRecord> = { ...(values as Partial<IncidentRecord>) };
  if (body.Name !== undefined) {
    changes.Name = mergeName(body.Name, store.incidents.peek(id)?.Name ?? null);
  }
  return existing(store.incidents.update(id, changes));
}

export const incidentResource: RecordResource<IncidentRecord> = {
  path: 'incidents',
  schema: incidentSchema,
  collection: (store) => store.incidents,
  create: createIncident,
  update: updateIncident,
  remove(store: InstanceStore, id: string): void {
    store.deleteIncident(id);
  },
  expandable: EXPANDABLE_INCIDENT_NAVIGATIONS,
  view: viewIncident,
};
