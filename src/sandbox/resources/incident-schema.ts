import { createOnly, defineSchema, readOnly, writable } from './resource-schema.js';

export const incidentSchema = defineSchema(
  'incident',
  {
    ObjectID: readOnly('string'),
    id: readOnly('string'),
    ID: readOnly('string'),
    Name: writable('object', true),
    ServicePriorityCode: writable('string'),
    ServicePriorityCodeText: readOnly('string'),
    ServiceRequestLifeCycleStatusCode: writable('string'),
    ServiceRequestLifeCycleStatusCodeText: readOnly('string'),
    ServiceRequestUserLifeCycleStatusCode: writable('string'),
    ProcessingTypeCode: writable('string'),
    CustomerID: writable('string'),
    ReportedForPartyID: writable('string'),
    ReporterPartyID: writable('string'),
    ReporterEmail: writable('string'),
    AssignedTo: writable('string'),
    CompletionDueDate: writable('date'),
    CreationDateTime: readOnly('date'),
    LastChangeDateTime: readOnly('date'),
    CreatedOn: readOnly('date'),
    ChangedOn: readOnly('date'),
    ETag: readOnly('string'),
    ServiceRequestDescription: createOnly('object'),
    ServiceRequestAttachmentFolder: readOnly('object'),
  },
  {
    nested: { 'Name.content': 'string', 'Name.languageCode': 'string' },
    defaultOrder: ['CreationDateTime', 'ObjectID'],
  },
);

export const incidentStatusSchema = defineSchema(
  'incident status',
  {
    ObjectID: readOnly('string'),
    id: readOnly('string'),
    ID: readOnly('string'),
    ServiceRequestLifeCycleStatusCode: readOnly('string'),
    ServiceRequestLifeCycleStatusCodeText: readOnly('string'),
    CreationDateTime: readOnly('date'),
    ChangedOn: readOnly('date'),
  },
  { defaultOrder: ['CreationDateTime', 'ObjectID'] },
);

export const EXPANDABLE_INCIDENT_NAVIGATIONS = [
  'ServiceRequestDescription',
  'ServiceRequestAttachmentFolder',
] as const;
