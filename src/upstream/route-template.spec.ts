import { routeTemplate } from './route-template.js';

describe(routeTemplate.name, () => {
  it.each<[string, string]>([
    ['/elements/api-v2/hubs/helpdesk/incidents', '/incidents'],
    [
      '/elements/api-v2/hubs/helpdesk/incidents/00163E038C2E1EE299C1BB0BE9398F9B',
      '/incidents/{id}',
    ],
    [
      '/elements/api-v2/hubs/helpdesk/incidents/00163E03/comments/ABC123',
      '/incidents/{id}/comments/{id}',
    ],
    ['/elements/api-v2/instances/1001', '/instances/{id}'],
    [
      '/elements/api-v2/hubs/helpdesk/ServiceRequestLifeCycleStatusCodeCollection',
      '/ServiceRequestLifeCycleStatusCodeCollection',
    ],
    ['/elements/api-v2/hubs/helpdesk/ping', '/ping'],
  ])('should turn %s into %s', (path, expected) => {
    expect(routeTemplate(path, '/elements/api-v2')).toBe(expected);
  });
});
