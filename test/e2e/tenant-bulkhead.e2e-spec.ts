import { expectProblem } from '../support/problem-assertions.js';
import { incidentIds, startTestGateway, type TestGateway } from '../support/test-gateway.js';

/*
 * Each tenant's upstream calls run inside a bulkhead: UPSTREAM_TENANT_CONCURRENCY at once, then
 * UPSTREAM_TENANT_QUEUE waiting, then refused. A call that runs at once and one that waits in the
 * queue take different paths (only a waiting one needs a signal to end its wait at the deadline).
 */
describe('Per-tenant bulkhead', () => {
  let gw: TestGateway;
  let ids: string[];

  beforeAll(async () => {
    gw = await startTestGateway({
      env: {
        CACHE_ENABLED: 'false',
        UPSTREAM_TENANT_CONCURRENCY: '1',
        UPSTREAM_TENANT_QUEUE: '1',
        REQUEST_DEADLINE_MS: '3000',
      },
    });
    ids = incidentIds(gw.sandbox);
    // Tokens and links are looked up before the calls this test counts.
    for (const id of ids.slice(0, 3)) {
      expect((await gw.call(`/v1/incidents/${id}`)).status).toBe(200);
    }
  });

  afterAll(async () => {
    await gw.close();
  });

  it('should run one call at a time, queue one, and refuse the next with 503 and Retry-After', async () => {
    gw.sandbox.setLatency(300);
    gw.sandbox.counters.reset();
    try {
      const started = Date.now();
      const first = gw.call(`/v1/incidents/${ids[0]}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
      const queued = gw.call(`/v1/incidents/${ids[1]}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
      const refused = await gw.call(`/v1/incidents/${ids[2]}`);

      await expectProblem(refused, 503, 'UPSTREAM_UNAVAILABLE');
      expect(refused.headers.get('retry-after')).toBe('1');
      expect((await first).status).toBe(200);
      expect((await queued).status).toBe(200);
      // The queued call ran after the first, not beside it.
      expect(Date.now() - started).toBeGreaterThanOrEqual(550);
      const counters = gw.sandbox.counters.snapshot();
      expect(counters.maxInFlight).toBe(1);
    } finally {
      gw.sandbox.setLatency(0);
    }
  });
});
