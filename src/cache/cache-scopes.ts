/**
 * The names of the cache generation scopes, in one place. GETs name what they depend on
 * (`@Cached`); writes (`@Invalidates`) and Cloud Elements notifications (events/event-scopes.ts)
 * name what they change. A reader and a writer spelling a scope differently would leave stale
 * answers behind, so nothing else builds these strings.
 */
export const CacheScopes = {
  /** Every incident list (and the statuses derived from incidents). */
  incidents: 'incidents',
  incident: (id: string): string => `incident:${id}`,
  incidentComments: (id: string): string => `incident:${id}:comments`,
  incidentAttachments: (id: string): string => `incident:${id}:attachments`,
  contacts: 'contacts',
  contact: (id: string): string => `contact:${id}`,
  accounts: 'accounts',
  account: (id: string): string => `account:${id}`,
  lookups: 'lookups',
  /**
   * How business keys resolve to ids (an incident's account and contacts, a contact's account).
   * Bumped when an account or contact is deleted: the links to it then read as null.
   */
  links: 'links',
} as const;
