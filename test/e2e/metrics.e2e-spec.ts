import { startTestGateway, type TestGateway } from '../support/test-gateway.js';

const KNOWN_UPSTREAM_ROUTES = [
  '/instances/{id}',
  '/incidents',
  '/incidents/{id}',
  '/incidents/{id}/comments',
  '/incidents/{id}/comments/{id}',
  '/incidents/{id}/attachments',
  '/incidents/{id}/attachments/{id}',
  '/contacts',
  '/contacts/{id}',
  '/accounts',
  '/accounts/{id}',
];

describe('Metrics', () => {
  let gw: TestGateway;

  beforeAll(async () => {
    gw = await startTestGateway();
  });

  afterAll(async () => {
    await gw.close();
  });

  it('should export requests, upstream calls, cache results, token fetches and circuit state without secrets or raw URLs', async () => {
    const id = gw.sandbox.store('1001').incidents.list()[0]!.ObjectID;
    await gw.call(`/v1/incidents/${id}`);
    await gw.call(`/v1/incidents/${id}`);
    await gw.call('/v1/nowhere');
    const response = await gw.call('/metrics', { key: null });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await response.text();
    expect(text).toMatch(
      /hgw_http_requests_total\{route="\/v1\/incidents\/:id",method="GET",status="200"\} 2/,
    );
    expect(text).toMatch(
      /hgw_http_requests_total\{route="unmatched",method="GET",status="404"\} 1/,
    );
    expect(text).toMatch(
      /hgw_http_request_duration_seconds_count\{route="\/v1\/incidents\/:id",method="GET",status="200"\} 2/,
    );
    expect(text).toMatch(
      /hgw_http_request_duration_seconds_count\{route="unmatched",method="GET",status="404"\} 1/,
    );
    expect(text).toMatch(
      /hgw_upstream_requests_total\{route="\/incidents\/\{id\}",method="GET",status="200"\} 1/,
    );
    expect(text).toMatch(/hgw_cache_results_total\{resource="incidents",result="hit"\} 1/);
    expect(text).toMatch(/hgw_element_token_fetches_total\{tenant="acme",result="ok"\} 1/);
    expect(text).toMatch(/hgw_circuit_state\{tenant="acme"\} 0/);
    expect(text).toMatch(/hgw_redis_up 1/);
    expect(text).toMatch(/hgw_nodejs_eventloop_lag_seconds/);
    expect(text).not.toContain(id);
    expect(text).not.toContain(gw.sandbox.tokenOf('1001'));
  });

  it('should not grow a route label for ids or paths that callers make up', async () => {
    const incident = gw.sandbox.store('1001').incidents.list()[0]!.ObjectID;
    const sent = [
      await gw.call('/v1/incidents/lettersonly'),
      await gw.call('/v1/contacts/NOPE'),
      await gw.call('/v1/accounts/zzqAcct'),
      await gw.call(`/v1/incidents/${incident}/comments/DOESNOTEXIST`),
      await gw.call('/v1/incidents/missingincident/attachments/qqAttach'),
      await gw.call('/v1/incidents/nonexist', { method: 'DELETE' }),
      await gw.call('/v1/zzqunrouted/deeper/path'),
    ];
    expect(sent.map((r) => r.status)).toEqual([404, 404, 404, 404, 404, 404, 404]);
    const text = await (await gw.call('/metrics', { key: null })).text();
    for (const made of [
      'lettersonly',
      'NOPE',
      'zzqAcct',
      'DOESNOTEXIST',
      'missingincident',
      'qqAttach',
      'nonexist',
      'zzqunrouted',
    ]) {
      expect(text.toLowerCase()).not.toContain(made.toLowerCase());
    }
    expect(text).toMatch(
      /hgw_upstream_requests_total\{route="\/incidents\/\{id\}",method="GET",status="404"\} 1/,
    );
    expect(text).toMatch(
      /hgw_upstream_requests_total\{route="\/incidents\/\{id\}",method="DELETE",status="404"\} 1/,
    );
    expect(text).toMatch(
      /hgw_upstream_requests_total\{route="\/incidents\/\{id\}\/comments\/\{id\}",method="GET",status="404"\} 1/,
    );
    expect(text).toMatch(
      /hgw_http_requests_total\{route="\/v1\/incidents\/:id",method="DELETE",status="404"\} 1/,
    );
    expect(text).toMatch(
      /hgw_http_requests_total\{route="\/v1\/contacts\/:id",method="GET",status="404"\} 1/,
    );
    const upstreamRoutes = new Set(
      [...text.matchAll(/^hgw_upstream_requests_total\{route="([^"]*)"/gm)].map((m) => m[1]),
    );
    expect(upstreamRoutes.size).toBeGreaterThan(0);
    for (const route of upstreamRoutes) {
      expect(KNOWN_UPSTREAM_ROUTES).toContain(route);
    }
  });
});
