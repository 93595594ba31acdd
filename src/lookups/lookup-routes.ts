import { CacheScopes } from '../cache/cache-scopes.js';
import type { CachePolicy } from '../cache/cached.decorator.js';

/** The lookup routes under `/v1`: the controller serves them, and writes check codes against them. */
export const LOOKUP_ROUTES = {
  statuses: 'incident-statuses',
  priorities: 'incident-priorities',
} as const;

export type LookupList = keyof typeof LOOKUP_ROUTES;

/** How both lists are cached: the routes use it, and so do the checks that read them for writes. */
export const LOOKUPS_CACHE_POLICY: CachePolicy = {
  resource: 'lookups',
  scopes: () => [CacheScopes.lookups],
};
