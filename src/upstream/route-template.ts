const ID_SEGMENT = /^(?:[0-9A-Fa-f]{16,}|\d+|[A-Za-z0-9_-]*\d[A-Za-z0-9_-]*)$/;

/** `/elements/api-v2/hubs/helpdesk/incidents/00163E…/comments` → `/incidents/{id}/comments`: a bounded metric label. */
export function routeTemplate(path: string, basePath: string): string {
  const relative = path.startsWith(basePath) ? path.slice(basePath.length) : path;
  const withoutHub = relative.replace(/^\/hubs\/helpdesk/, '');
  return withoutHub
    .split('/')
    .map((segment, index) =>
      index > 0 && ID_SEGMENT.test(segment) && !segment.endsWith('Collection') ? '{id}' : segment,
    )
    .join('/');
}
