import { randomBytes } from 'node:crypto';
import { expectProblem } from '../support/problem-assertions.js';
import { incidentIds, startTestGateway, type TestGateway } from '../support/test-gateway.js';

const ITEM_ROUTE = 'GET /hubs/helpdesk/incidents/{id}';

/**
 * Two instances, one Redis: a cold key is loaded by the instance that takes its lock while the
 * other waits for the result. The waiter must not sit out the whole lock wait when that load ends
 * with nothing to share.
 */
describe('Cache load lock across instances', () => {
  let a: TestGateway;
  let b: TestGateway;

  beforeEach(async () => {
    const env = {
      REDIS_KEY_PREFIX: `t:${randomBytes(6).toString('hex')}:`,
      CACHE_LOCK_WAIT_MS: '15000',
    };
    a = await startTestGateway({ env });
    b = await startTestGateway({ sharedSandbox: a.sandbox, env });
    a.sandbox.setLatency(300);
    a.sandbox.counters.reset();
  });

  afterEach(async () => {
    await b.close();
    await a.close();
  });

  const itemCalls = (): number => a.sandbox.counters.snapshot().byRoute[ITEM_ROUTE] ?? 0;
  const soon = () => new Promise((resolve) => setTimeout(resolve, 100));

  it('should load at once when the instance holding the lock failed, not after the lock wait', async () => {
    const id = incidentIds(a.sandbox)[0] as string;
    a.sandbox.faults.add({ method: 'GET', path: id, status: 500, latencyMs: 400, times: 1 });

    const first = a.call(`/v1/incidents/${id}`);
    await soon();
    const started = performance.now();
    const second = await b.call(`/v1/incidents/${id}`);
    const waitedMs = performance.now() - started;

    await expectProblem(await first, 502, 'UPSTREAM_ERROR');
    expect(second.status).toBe(200);
    expect(second.headers.get('cache-status')).toBe('helpdesk-gateway; fwd=miss; stored');
    expect(itemCalls()).toBe(2);
    // The lock wait (15 s) outlasts the request deadline (6 s): only a waiter that notices the
    // released lock can answer, and it does within a few loads.
    expect(waitedMs).toBeLessThan(5_000);
  });

  it("should share another instance's remembered 404: one upstream call for both", async () => {
    const path = '/v1/incidents/00163E0000000000000000000000BEEF';

    const first = a.call(path);
    await soon();
    const second = await b.call(path);

    await expectProblem(await first, 404, 'NOT_FOUND');
    await expectProblem(second, 404, 'NOT_FOUND');
    expect(second.headers.get('cache-status')).toBe('helpdesk-gateway; fwd=miss; collapsed');
    expect(itemCalls()).toBe(1);
  });
});
