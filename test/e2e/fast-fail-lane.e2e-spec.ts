import { expectProblem } from '../support/problem-assertions.js';
import { incidentIds, startTestGateway, type TestGateway } from '../support/test-gateway.js';

/*
 * While a tenant's circuit is open, cached GETs with nothing stored to stand in are refused by the
 * fast lane before Nest's pipeline. These tests pin that the refusal is the one Nest gives, and
 * that anything the cache could still answer (a stale entry, a remembered 404) is answered.
 */
const MISSING = '00163E000000000000000000000000FE';
const WINDOW_SECONDS = 86400;

describe('Fast fails answered before the Nest pipeline', () => {
  let gw: TestGateway;
  let ids: string[];
  const lines: string[] = [];

  const openCircuit = async (): Promise<void> => {
    gw.sandbox.faults.add({ path: '/hubs/helpdesk/incidents/', status: 500 });
    for (let i = 0; i < 5; i++) {
      const response = await gw.call(`/v1/incidents/${ids[10 + i]}`);
      await expectProblem(response, 502, 'UPSTREAM_ERROR');
    }
  };

  beforeAll(async () => {
    gw = await startTestGateway({
      env: {
        CACHE_TTL_INCIDENTS: '1',
        CACHE_STALE_SECONDS: '60',
        BREAKER_CONSECUTIVE_FAILURES: '5',
        BREAKER_HALF_OPEN_AFTER_MS: '5000',
        UPSTREAM_RETRY_BUDGET_RATIO: '1',
        UPSTREAM_RETRY_BASE_MS: '10',
        UPSTREAM_RETRY_MAX_MS: '20',
        RATE_LIMIT_WINDOW_SECONDS: String(WINDOW_SECONDS),
        LOG_LEVEL: 'warn',
      },
      logs: { write: (line: string) => void lines.push(line) },
    });
    ids = incidentIds(gw.sandbox);
  });

  afterAll(async () => {
    await gw.close();
  });

  it('should refuse with the problem and headers Nest gives, without calling upstream', async () => {
    const stale = ids[0] as string;
    expect((await gw.call(`/v1/incidents/${stale}`)).status).toBe(200);
    await expectProblem(await gw.call(`/v1/incidents/${MISSING}`), 404, 'NOT_FOUND');
    await new Promise((r) => setTimeout(r, 1100));
    await openCircuit();
    gw.sandbox.counters.reset();

    // From the lane: a GET nothing stored can answer. Its query is not validated first.
    const lane = await gw.call(`/v1/incidents/${ids[1]}?expand=nonsense`, { key: 'reader' });
    const laneBody = await expectProblem(lane, 503, 'UPSTREAM_UNAVAILABLE');
    // From Nest: a write goes through the guard, pipes and the upstream client's breaker.
    const nest = await gw.call(`/v1/incidents/${ids[1]}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ subject: 'Refused' }),
    });
    const nestBody = await expectProblem(nest, 503, 'UPSTREAM_UNAVAILABLE');
    expect(laneBody.detail).toBe(nestBody.detail);
    expect(laneBody.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(lane.headers.get('retry-after')).toBe(String(laneBody.retryAfterSeconds));
    for (const name of [
      'content-type',
      'x-error-code',
      'content-security-policy',
      'x-content-type-options',
      'ratelimit-policy',
    ]) {
      expect({ name, value: lane.headers.get(name) }).toEqual({
        name,
        value: nest.headers.get(name),
      });
    }
    expect(lane.headers.get('x-request-id')).toMatch(/^[\w-]{8,}$/);
    expect(lane.headers.get('cache-status')).toBe('helpdesk-gateway; fwd=miss');
    expect(lane.headers.get('age')).toBe('0');
    expect(lane.headers.get('ratelimit-limit')).not.toBeNull();
    expect(gw.sandbox.counters.snapshot().total).toBe(0);

    // What the cache can still answer is answered: a stale entry, a remembered 404.
    const served = await gw.call(`/v1/incidents/${stale}`);
    expect(served.status).toBe(200);
    expect(served.headers.get('cache-status')).toBe('helpdesk-gateway; fwd=stale');
    await expectProblem(await gw.call(`/v1/incidents/${MISSING}`), 404, 'NOT_FOUND');
    expect(gw.sandbox.counters.snapshot().total).toBe(0);

    // The opening is logged once; each refusal only counted, so an outage does not flood the log.
    expect(lines.filter((l) => l.includes('Circuit for tenant acme opened'))).toHaveLength(1);
    expect(lines.filter((l) => l.includes('UPSTREAM_ERROR on GET'))).toHaveLength(5);
    expect(lines.filter((l) => l.includes('UPSTREAM_UNAVAILABLE'))).toEqual([]);
  });

  it("should charge a fast fail as a whole request, as Nest's guard would", async () => {
    const charged = async (): Promise<number> => {
      const response = await gw.call(`/v1/incidents/${ids[2]}`, { key: 'writer' });
      await expectProblem(response, 503, 'UPSTREAM_UNAVAILABLE');
      return Number(response.headers.get('ratelimit-remaining'));
    };
    const first = await charged();
    const second = await charged();
    expect(first - second).toBe(1);
  });
});
