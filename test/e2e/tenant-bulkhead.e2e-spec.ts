import { expectProblem } from '../support/problem-assertions.js';
import { incidentIds, startTestGateway, type TestGateway } from '../support/test-gateway.js';

/*
 * Each tenant's upstream calls run inside a bulkhead: UPSTREAM_TENANT_CONCURRENCY at once, then
 * UPSTREAM_TENANT_QUEUE waiting, then refused. A call that runs at once and one that waits in the
 * queue take different paths: a waiting one whose deadline passes is answered then, and dropped
 * unsent when its turn comes.
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
        // Attempts end at the deadline, not before (the second test holds a slot until then).
        UPSTREAM_ATTEMPT_TIMEOUT_MS: '3000',
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

  it('should drop a retry whose deadline passed while it waited, without sending it', async () => {
    // The first call fails after 300 ms; the second, queued meanwhile, takes the slot then and
    // holds it until its own deadline, 150 ms after the first's, so the first's retry waits
    // behind it until the first's deadline has passed.
    const first = `/hubs/helpdesk/incidents/${ids[0]}`;
    const second = `/hubs/helpdesk/incidents/${ids[1]}`;
    gw.sandbox.faults.add({ path: first, status: 503, latencyMs: 300, times: 1 });
    gw.sandbox.faults.add({ path: second, latencyMs: 5000, times: 1 });
    gw.sandbox.requests.clear();
    const timeoutsBefore = await upstreamTimeouts();
    try {
      const retried = gw.call(`/v1/incidents/${ids[0]}`);
      await new Promise((resolve) => setTimeout(resolve, 150));
      const holding = gw.call(`/v1/incidents/${ids[1]}`);

      await expectProblem(await retried, 504, 'UPSTREAM_TIMEOUT');
      await expectProblem(await holding, 504, 'UPSTREAM_TIMEOUT');
      // Once the slot is free again, the expired retry is dropped rather than tried: the one
      // timed-out attempt is the second call's.
      await new Promise((resolve) => setTimeout(resolve, 200));
      const sent = gw.sandbox.requests.list().filter((r) => r.path === first);
      expect(sent.map((r) => r.status)).toEqual([503]);
      expect((await upstreamTimeouts()) - timeoutsBefore).toBe(1);
    } finally {
      gw.sandbox.faults.clear();
    }
  });

  /** Upstream attempts of a GET by id that ended in a timeout, from the gateway's metrics. */
  async function upstreamTimeouts(): Promise<number> {
    const text = await (await gw.call('/metrics', { key: null })).text();
    const line =
      /^hgw_upstream_requests_total\{route="\/incidents\/\{id\}",method="GET",status="timeout"\} (\d+)$/m;
    return Number(line.exec(text)?.[1] ?? 0);
  }
});
