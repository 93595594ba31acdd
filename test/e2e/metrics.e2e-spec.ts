import { startTestGateway, type TestGateway } from '../support/test-gateway.js';

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
});
