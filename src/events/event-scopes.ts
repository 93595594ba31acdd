import { CacheScopes } from '../cache/cache-scopes.js';
import type { EventResource, UpstreamChange } from './helpdesk-event.js';

export interface ChangeEffect {
  resource: EventResource;
  /** Cache generation scopes of the tenant that the change makes stale. */
  scopes: string[];
}

/**
 * What a change reported by Cloud Elements invalidates, in the scopes the controllers cache under
 * (`@Cached` / `@Invalidates`). An incident change also covers its comments and attachments: they
 * are nodes of the C4C ticket and only ever surface as a change of the ticket. `incidents-statuses`
 * is a view of the tickets' statuses. Unknown object types change nothing (undefined).
 */
export function effectOf(
  change: Pick<UpstreamChange, 'objectType' | 'objectId' | 'eventType'>,
): ChangeEffect | undefined {
  const id = change.objectId;
  switch (change.objectType.toLowerCase()) {
    case 'incidents':
      return {
        resource: 'incidents',
        scopes: id
          ? [
              CacheScopes.incidents,
              CacheScopes.incident(id),
              CacheScopes.incidentComments(id),
              CacheScopes.incidentAttachments(id),
            ]
          : [CacheScopes.incidents],
      };
    case 'incidents-statuses':
      return {
        resource: 'incidents',
        scopes: id ? [CacheScopes.incidents, CacheScopes.incident(id)] : [CacheScopes.incidents],
      };
    case 'contacts':
      return {
        resource: 'contacts',
        scopes: withLinks(
          change,
          id ? [CacheScopes.contacts, CacheScopes.contact(id)] : [CacheScopes.contacts],
        ),
      };
    case 'accounts':
      return {
        resource: 'accounts',
        scopes: withLinks(
          change,
          id ? [CacheScopes.accounts, CacheScopes.account(id)] : [CacheScopes.accounts],
        ),
      };
    default:
      return undefined;
  }
}

/** A deleted account or contact also changes how links to it read (null from now on). */
function withLinks(change: Pick<UpstreamChange, 'eventType'>, scopes: string[]): string[] {
  return change.eventType === 'DELETED' ? [...scopes, CacheScopes.links] : scopes;
}
