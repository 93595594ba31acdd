import { OTHER_ROUTE, routeTemplate } from './route-template.js';

const BASE = '/elements/api-v2';
const HUB = `${BASE}/hubs/helpdesk`;

describe(routeTemplate.name, () => {
  it.each<[string, string]>([
    [`${HUB}/incidents`, '/incidents'],
    [`${HUB}/incidents/00163E038C2E1EE299C1BB0BE9398F9B`, '/incidents/{id}'],
    [`${HUB}/incidents/00163E03/comments`, '/incidents/{id}/comments'],
    [`${HUB}/incidents/00163E03/comments/ABC123`, '/incidents/{id}/comments/{id}'],
    [`${HUB}/incidents/00163E03/attachments`, '/incidents/{id}/attachments'],
    [`${HUB}/incidents/00163E03/attachments/9F8E`, '/incidents/{id}/attachments/{id}'],
    [`${HUB}/contacts`, '/contacts'],
    [`${HUB}/contacts/00163E0F`, '/contacts/{id}'],
    [`${HUB}/accounts`, '/accounts'],
    [`${HUB}/accounts/00163E0A`, '/accounts/{id}'],
    [`${BASE}/instances/1001`, '/instances/{id}'],
    [
      `${HUB}/ServiceRequestLifeCycleStatusCodeCollection`,
      '/ServiceRequestLifeCycleStatusCodeCollection',
    ],
    [
      `${HUB}/ServiceRequestServicePriorityCodeCollection`,
      '/ServiceRequestServicePriorityCodeCollection',
    ],
    [`${HUB}/ping`, '/ping'],
  ])('should turn %s into %s', (path, expected) => {
    expect(routeTemplate(path, BASE)).toBe(expected);
  });

  it.each<[string, string]>([
    [`${HUB}/incidents/lettersonly`, '/incidents/{id}'],
    [`${HUB}/contacts/NOPE`, '/contacts/{id}'],
    [`${HUB}/accounts/ping`, '/accounts/{id}'],
    [`${HUB}/incidents/abc/comments/DOESNOTEXIST`, '/incidents/{id}/comments/{id}'],
    [`${HUB}/incidents/nonexist/attachments/x%2Fy`, '/incidents/{id}/attachments/{id}'],
    [`${HUB}/incidents/comments`, '/incidents/{id}'],
    [`${BASE}/instances/abc`, '/instances/{id}'],
  ])('should template %s as %s whatever the ids look like', (path, expected) => {
    expect(routeTemplate(path, BASE)).toBe(expected);
  });

  it.each<string>([
    `${HUB}/tickets`,
    `${HUB}/tickets/abc`,
    `${HUB}/contacts/abc/comments`,
    `${HUB}/incidents/abc/notes`,
    `${HUB}/incidents/abc/comments/def/extra`,
    `${HUB}/incidents/`,
    `${HUB}/incidents//comments`,
    `${HUB}/ping/abc`,
    `${HUB}`,
    `${BASE}/hubs/crm/contacts`,
    `${BASE}/instances`,
    `${BASE}/instances/1001/extra`,
    `${BASE}/somethingelse`,
    '/elsewhere/hubs/helpdesk/incidents',
    `${BASE}x/hubs/helpdesk/incidents`,
  ])('should collapse the unknown path %s into one value', (path) => {
    expect(routeTemplate(path, BASE)).toBe(OTHER_ROUTE);
  });

  it('should read paths under an empty base path', () => {
    expect(routeTemplate('/hubs/helpdesk/incidents/abc', '')).toBe('/incidents/{id}');
    expect(routeTemplate('/instances/7', '')).toBe('/instances/{id}');
  });

  it('should give a bounded set of values for any number of distinct ids', () => {
    const labels = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const id = `id${'x'.repeat(i)}`;
      labels.add(routeTemplate(`${HUB}/incidents/${id}/comments/${id}`, BASE));
      labels.add(routeTemplate(`${HUB}/${id}/${id}`, BASE));
    }
    expect([...labels].sort()).toEqual([OTHER_ROUTE, '/incidents/{id}/comments/{id}']);
  });
});
