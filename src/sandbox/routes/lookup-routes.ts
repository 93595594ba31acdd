import type { Router } from '../http-router.js';
import { incidentStatusSchema } from '../resources/incident-schema.js';
import {
  LIFE_CYCLE_STATUS_CODES,
  PRIORITY_CODES,
  type CodeListEntry,
} from '../store/code-lists.js';
import type { IncidentRecord } from '../store/native-records.js';
import { listPage, type HubHandler } from './hub-context.js';

function codeList(entries: readonly CodeListEntry[]): HubHandler {
  return () => ({ body: entries, headers: { 'Elements-Returned-Count': String(entries.length) } });
}

function statusView(incident: Readonly<IncidentRecord>): Record<string, unknown> {
  return {
    ObjectID: incident.ObjectID,
    id: incident.id,
    ID: incident.ID,
    ServiceRequestLifeCycleStatusCode: incident.ServiceRequestLifeCycleStatusCode,
    ServiceRequestLifeCycleStatusCodeText: incident.ServiceRequestLifeCycleStatusCodeText,
    CreationDateTime: incident.CreationDateTime,
    ChangedOn: incident.ChangedOn,
  };
}

export function addLookupRoutes(router: Router<HubHandler>): void {
  router
    .add('GET', '/ping', () => ({
      body: { dateTime: new Date().toISOString(), endpoint: 'sapc4chd' },
    }))
    .add('GET', '/ServiceRequestLifeCycleStatusCodeCollection', codeList(LIFE_CYCLE_STATUS_CODES))
    .add('GET', '/ServiceRequestServicePriorityCodeCollection', codeList(PRIORITY_CODES))
    .add('GET', '/incidents-statuses', (context) => {
      const statuses = [...context.store.incidents.values()].map(statusView);
      const page = listPage(context, statuses, incidentStatusSchema);
      return { body: page.items, headers: page.headers };
    });
}
