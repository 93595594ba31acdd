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
  change: Pick<UpstreamChange, 'objectType' | 'objectId'>,
): ChangeEffect | undefined {
  const id = change.objectId;
  switch (change.objectType.toLowerCase()) {
    case 'incidents':
      return {
        resource: 'incidents',
        scopes: id
          ? ['incidents', `incident:${id}`, `incident:${id}:comments`, `incident:${id}:attachments`]
          : ['incidents'],
      };
    case 'incidents-statuses':
      return {
        resource: 'incidents',
        scopes: id ? ['incidents', `incident:${id}`] : ['incidents'],
      };
    case 'contacts':
      return { resource: 'contacts', scopes: id ? ['contacts', `contact:${id}`] : ['contacts'] };
    case 'accounts':
      return { resource: 'accounts', scopes: id ? ['accounts', `account:${id}`] : ['accounts'] };
    default:
      return undefined;
  }
}
