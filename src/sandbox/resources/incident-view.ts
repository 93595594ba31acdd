import type { InstanceStore } from '../store/instance-store.js';
import type { IncidentRecord } from '../store/native-records.js';

const ODATA_BASE = 'https://my500000.crm.ondemand.com/sap/c4c/odata/v1/c4codataapi';

type IncidentView = Record<keyof IncidentRecord, unknown> & {
  ServiceRequestDescription: unknown;
  ServiceRequestAttachmentFolder: unknown;
};

/**
 * Navigations are deferred OData links unless `expand` asks for them inline. Spelled out field by
 * field: spreading a record and adding keys is several times slower, and lists are hot in benchmarks.
 */
export function viewIncident(
  store: InstanceStore,
  record: Readonly<IncidentRecord>,
  expand: ReadonlySet<string>,
): IncidentView {
  const navigation = (name: string, expanded: () => unknown[]): unknown =>
    expand.has(name)
      ? expanded()
      : {
          __deferred: {
            uri: `${ODATA_BASE}/ServiceRequestCollection('${record.ObjectID}')/${name}`,
          },
        };
  return {
    ObjectID: record.ObjectID,
    id: record.id,
    ID: record.ID,
    Name: record.Name,
    ServicePriorityCode: record.ServicePriorityCode,
    ServicePriorityCodeText: record.ServicePriorityCodeText,
    ServiceRequestLifeCycleStatusCode: record.ServiceRequestLifeCycleStatusCode,
    ServiceRequestLifeCycleStatusCodeText: record.ServiceRequestLifeCycleStatusCodeText,
    ServiceRequestUserLifeCycleStatusCode: record.ServiceRequestUserLifeCycleStatusCode,
    ProcessingTypeCode: record.ProcessingTypeCode,
    CustomerID: record.CustomerID,
    ReportedForPartyID: record.ReportedForPartyID,
    ReporterPartyID: record.ReporterPartyID,
    ReporterEmail: record.ReporterEmail,
    AssignedTo: record.AssignedTo,
    CompletionDueDate: record.CompletionDueDate,
    CreationDateTime: record.CreationDateTime,
    LastChangeDateTime: record.LastChangeDateTime,
    CreatedOn: record.CreatedOn,
    ChangedOn: record.ChangedOn,
    ETag: record.ETag,
    ServiceRequestDescription: navigation('ServiceRequestDescription', () =>
      store.commentsOf(record.ObjectID),
    ),
    ServiceRequestAttachmentFolder: navigation('ServiceRequestAttachmentFolder', () =>
      store.attachmentsOf(record.ObjectID),
    ),
  };
}
