/** The one label for any upstream path the gateway does not know (there should be none). */
export const OTHER_ROUTE = '(other)';

const RECORDS = new Set(['incidents', 'contacts', 'accounts']);
const INCIDENT_CHILDREN = new Set(['comments', 'attachments']);
const SINGLETONS = new Set([
  'ping',
  'ServiceRequestLifeCycleStatusCodeCollection',
  'ServiceRequestServicePriorityCodeCollection',
]);

/**
 * `/elements/api-v2/hubs/helpdesk/incidents/00163E…/comments` → `/incidents/{id}/comments`: a
 * bounded metric and log label. Built from the shape of the paths the gateway calls, never from
 * what a segment looks like, since ids come from callers: every path maps to one of a fixed set of
 * templates, and anything else to {@link OTHER_ROUTE}.
 */
export function routeTemplate(path: string, basePath: string): string {
  if (!path.startsWith(`${basePath}/`)) {
    return OTHER_ROUTE;
  }
  const segments = path.slice(basePath.length + 1).split('/');
  if (segments.some((segment) => segment.length === 0)) {
    return OTHER_ROUTE;
  }
  if (segments.length === 2 && segments[0] === 'instances') {
    return '/instances/{id}';
  }
  if (segments[0] !== 'hubs' || segments[1] !== 'helpdesk') {
    return OTHER_ROUTE;
  }
  return hubTemplate(segments.slice(2)) ?? OTHER_ROUTE;
}

function hubTemplate(segments: string[]): string | undefined {
  const [collection = '', , child = ''] = segments;
  if (segments.length === 1 && SINGLETONS.has(collection)) {
    return `/${collection}`;
  }
  if (!RECORDS.has(collection) || segments.length > 4) {
    return undefined;
  }
  if (segments.length <= 2) {
    return segments.length === 1 ? `/${collection}` : `/${collection}/{id}`;
  }
  if (collection !== 'incidents' || !INCIDENT_CHILDREN.has(child)) {
    return undefined;
  }
  return segments.length === 3 ? `/incidents/{id}/${child}` : `/incidents/{id}/${child}/{id}`;
}
