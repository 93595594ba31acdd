import { expectProblem } from '../support/problem-assertions.js';
import { incidentIds, startTestGateway, type TestGateway } from '../support/test-gateway.js';

const ITEM = 'GET /hubs/helpdesk/incidents/{id}';

describe('Upstream resilience', () => {
  let gw: TestGateway;
  let acmeIds: string[];
  let globexIds: string[];

  beforeAll(async () => {
    gw = await startTestGateway({
      env: {
        CACHE_ENABLED: 'false',
        UPSTREAM_ATTEMPT_TIMEOUT_MS: '300',
        REQUEST_DEADLINE_MS: '1500',
        BREAKER_CONSECUTIVE_FAILURES: '5',
        BREAKER_HALF_OPEN_AFTER_MS: '700',
        UPSTREAM_RETRY_BASE_MS: '20',
        UPSTREAM_RETRY_MAX_MS: '100',
        // Each test here starts with a full retry budget; the budget has a unit test of its own.
        UPSTREAM_RETRY_BUDGET_RATIO: '1',
      },
    });
    acmeIds = incidentIds(gw.sandbox);
    globexIds = incidentIds(gw.sandbox, '1002');
  });

  afterAll(async () => {
    await gw.close();
  });

  afterEach(async () => {
    gw.sandbox.faults.clear();
    gw.sandbox.setLatency(0);
    // Let any circuit a test opened close again before the next test.
    await new Promise((r) => setTimeout(r, 800));
    await gw.call(`/v1/incidents/${acmeIds[0]}`);
  });

  it('should retry one injected 503 on a GET away', async () => {
    gw.sandbox.faults.add({ path: '/hubs/helpdesk/incidents/', status: 503, times: 1 });
    gw.sandbox.counters.reset();
    expect((await gw.call(`/v1/incidents/${acmeIds[1]}`)).status).toBe(200);
    expect(gw.sandbox.counters.snapshot().byRoute[ITEM]).toBe(2);
  });

  it('should send each POST upstream exactly once, also when the upstream fails', async () => {
    gw.sandbox.faults.add({
      method: 'POST',
      path: '/hubs/helpdesk/incidents',
      status: 503,
      rate: 0.3,
      seed: 7,
    });
    gw.sandbox.counters.reset();
    const statuses: number[] = [];
    for (let i = 0; i < 20; i++) {
      const response = await gw.call('/v1/incidents', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ subject: `Under faults ${i}` }),
      });
      statuses.push(response.status);
    }
    expect(statuses.filter((s) => s === 201).length).toBeGreaterThan(0);
    expect(statuses.filter((s) => s === 503).length).toBeGreaterThan(0);
    expect(gw.sandbox.counters.snapshot().byRoute['POST /hubs/helpdesk/incidents']).toBe(20);
  });

  it('should open the circuit after the configured failures, stop calling upstream, then recover', async () => {
    gw.sandbox.faults.add({ path: '/hubs/helpdesk/incidents/', status: 500 });
    gw.sandbox.counters.reset();
    for (let i = 0; i < 5; i++) {
      await expectProblem(
        await gw.call(`/v1/incidents/${acmeIds[2]}`, { key: 'reader' }),
        502,
        'UPSTREAM_ERROR',
      );
    }
    const callsWhenOpened = gw.sandbox.counters.snapshot().total;
    const fastFails = [];
    for (let i = 0; i < 10; i++) {
      const started = Date.now();
      const response = await gw.call(`/v1/incidents/${acmeIds[2]}`, { key: 'reader' });
      fastFails.push(Date.now() - started);
      const body = await expectProblem(response, 503, 'UPSTREAM_UNAVAILABLE');
      expect(body.retryAfterSeconds).toBeGreaterThanOrEqual(1);
      expect(response.headers.get('retry-after')).toBe(String(body.retryAfterSeconds));
    }
    expect(gw.sandbox.counters.snapshot().total).toBe(callsWhenOpened);
    expect(Math.max(...fastFails)).toBeLessThan(100);

    gw.sandbox.faults.clear();
    await new Promise((r) => setTimeout(r, 800));
    expect((await gw.call(`/v1/incidents/${acmeIds[2]}`)).status).toBe(200);
    expect((await gw.call(`/v1/incidents/${acmeIds[3]}`)).status).toBe(200);
  });

  it('should not let a hanging tenant slow another', async () => {
    gw.sandbox.faults.add({ instanceId: '1001', hang: true });
    const hanging = Array.from({ length: 30 }, () =>
      gw.call(`/v1/incidents/${acmeIds[4]}`, { key: 'reader' }),
    );
    await new Promise((r) => setTimeout(r, 50));
    const started = Date.now();
    const others = await Promise.all(
      globexIds.slice(0, 10).map((id) => gw.call(`/v1/incidents/${id}`, { tenant: 'globex' })),
    );
    const elapsed = Date.now() - started;
    expect(others.map((r) => r.status)).toEqual(Array(10).fill(200));
    // Blocked behind the hanging tenant they would take at least one attempt timeout (300 ms),
    // usually the whole 1.5 s deadline; a loaded CI machine adds some tens of ms.
    expect(elapsed).toBeLessThan(600);
    const results = await Promise.all(hanging);
    expect(results.every((r) => r.status === 504 || r.status === 503)).toBe(true);
  });

  it('should wait out a short Retry-After before retrying, and keep the other tenant untouched', async () => {
    gw.sandbox.faults.add({
      instanceId: '1001',
      path: '/hubs/helpdesk/incidents/',
      status: 429,
      headers: { 'Retry-After': '1' },
      times: 1,
    });
    gw.sandbox.requests.clear();
    const started = Date.now();
    const acme = gw.call(`/v1/incidents/${acmeIds[5]}`, {
      headers: { 'x-request-id': 'throttled-1' },
    });
    await new Promise((r) => setTimeout(r, 100));
    const globexStarted = Date.now();
    expect((await gw.call(`/v1/incidents/${globexIds[0]}`, { tenant: 'globex' })).status).toBe(200);
    expect(Date.now() - globexStarted).toBeLessThan(250);
    expect((await acme).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    const attempts = gw.sandbox.requests
      .list()
      .filter((r) => r.headers['x-request-id'] === 'throttled-1' && r.path.includes('/incidents/'));
    expect(attempts.map((r) => r.status)).toEqual([429, 200]);
    const gap = Date.parse(attempts[1]!.at) - Date.parse(attempts[0]!.at);
    expect(gap).toBeGreaterThanOrEqual(950);
  });

  it('should fail fast with UPSTREAM_RATE_LIMITED while a long Retry-After pause lasts', async () => {
    gw.sandbox.faults.add({
      instanceId: '1001',
      path: '/hubs/helpdesk/incidents/',
      status: 429,
      headers: { 'Retry-After': '3' },
      times: 1,
    });
    const first = await gw.call(`/v1/incidents/${acmeIds[6]}`, { key: 'reader' });
    const body = await expectProblem(first, 503, 'UPSTREAM_RATE_LIMITED');
    expect(body.retryAfterSeconds).toBe(3);
    gw.sandbox.counters.reset();
    const second = await gw.call(`/v1/incidents/${acmeIds[7]}`, { key: 'reader' });
    const secondBody = await expectProblem(second, 503, 'UPSTREAM_RATE_LIMITED');
    expect(secondBody.retryAfterSeconds).toBeGreaterThanOrEqual(2);
    expect(gw.sandbox.counters.snapshot().total).toBe(0);
    expect((await gw.call(`/v1/incidents/${globexIds[1]}`, { tenant: 'globex' })).status).toBe(200);
    await new Promise((r) => setTimeout(r, 3000));
  });
});
