import { randomBytes } from 'node:crypto';
import type { Sandbox } from '../../src/sandbox/sandbox.js';
import { freePort } from '../support/global-setup.js';
import { expectProblem } from '../support/problem-assertions.js';
import { incidentIds, startTestGateway, type TestGateway } from '../support/test-gateway.js';

const STATUSES = '/v1/incident-statuses';

function rateLimitOf(response: Response): Record<string, string | null> {
  return {
    limit: response.headers.get('ratelimit-limit'),
    remaining: response.headers.get('ratelimit-remaining'),
    policy: response.headers.get('ratelimit-policy'),
  };
}

/** Two gateway instances in front of one sandbox, sharing one Redis key prefix. */
async function startPair(sandbox: Sandbox, env: Record<string, string>): Promise<TestGateway[]> {
  const shared = { REDIS_KEY_PREFIX: `rl:${randomBytes(6).toString('hex')}:`, ...env };
  return Promise.all([
    startTestGateway({ sharedSandbox: sandbox, env: shared }),
    startTestGateway({ sharedSandbox: sandbox, env: shared }),
  ]);
}

describe('Rate limits shared across gateway instances', () => {
  let base: TestGateway;
  let running: TestGateway[] = [];

  beforeAll(async () => {
    base = await startTestGateway();
  });

  afterEach(async () => {
    await Promise.all(running.map((gw) => gw.close()));
    running = [];
  });

  afterAll(async () => {
    await base?.close();
  });

  async function pair(env: Record<string, string>): Promise<TestGateway[]> {
    running = await startPair(base.sandbox, env);
    return running;
  }

  it('should count one client budget over two instances, then answer 429 with Retry-After', async () => {
    const [a, b] = await pair({
      RATE_LIMIT_PER_CLIENT: '5',
      RATE_LIMIT_PER_TENANT: '100',
      RATE_LIMIT_CACHE_HIT_COST: '1',
    });
    const seen = [];
    for (const gw of [a, b, a, b, a] as TestGateway[]) {
      const response = await gw.call(STATUSES, { key: 'writer' });
      expect(response.status).toBe(200);
      seen.push(rateLimitOf(response));
      const reset = Number(response.headers.get('ratelimit-reset'));
      expect(reset).toBeGreaterThan(0);
      expect(reset).toBeLessThanOrEqual(60);
    }
    expect(seen).toEqual(
      ['4', '3', '2', '1', '0'].map((remaining) => ({
        limit: '5',
        remaining,
        policy: '5;w=60, 100;w=60',
      })),
    );
    for (const gw of [b, a] as TestGateway[]) {
      const refused = await gw.call(STATUSES, { key: 'writer' });
      const body = await expectProblem(refused, 429, 'RATE_LIMITED');
      const retryAfter = Number(refused.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThanOrEqual(10);
      expect(retryAfter).toBeLessThanOrEqual(12);
      expect(body).toEqual(
        expect.objectContaining({ retryAfterSeconds: retryAfter, retryable: true }),
      );
      expect(rateLimitOf(refused)).toEqual({
        limit: '5',
        remaining: '0',
        policy: '5;w=60, 100;w=60',
      });
    }
    expect((await (b as TestGateway).call(STATUSES, { key: 'reader' })).status).toBe(200);
  });

  it('should count a tenant budget over all its clients and instances, apart from other tenants', async () => {
    const [a, b] = await pair({
      RATE_LIMIT_PER_CLIENT: '100',
      RATE_LIMIT_PER_TENANT: '4',
      RATE_LIMIT_CACHE_HIT_COST: '1',
    });
    for (const [gw, key] of [
      [a, 'writer'],
      [b, 'reader'],
      [a, 'reader'],
      [b, 'writer'],
    ] as const) {
      expect((await (gw as TestGateway).call(STATUSES, { key })).status).toBe(200);
    }
    const refused = await (a as TestGateway).call(STATUSES, { tenant: 'acme' });
    const body = await expectProblem(refused, 429, 'RATE_LIMITED');
    expect(body.detail).toMatch(/tenant/);
    expect(refused.headers.get('ratelimit-limit')).toBe('4');
    expect((await (b as TestGateway).call(STATUSES, { tenant: 'globex' })).status).toBe(200);
  });

  it('should not charge a refused request to the budgets it did not exceed', async () => {
    const [a] = await pair({
      RATE_LIMIT_PER_CLIENT: '2',
      RATE_LIMIT_PER_TENANT: '3',
      RATE_LIMIT_CACHE_HIT_COST: '1',
    });
    const gw = a as TestGateway;
    for (let i = 0; i < 2; i++) {
      expect((await gw.call(STATUSES, { key: 'writer' })).status).toBe(200);
    }
    for (let i = 0; i < 3; i++) {
      await expectProblem(await gw.call(STATUSES, { key: 'writer' }), 429, 'RATE_LIMITED');
    }
    expect((await gw.call(STATUSES, { key: 'reader' })).status).toBe(200);
  });

  it('should let cache hits cost less than upstream reads', async () => {
    const [a, b] = await pair({
      RATE_LIMIT_PER_CLIENT: '5',
      RATE_LIMIT_PER_TENANT: '1000',
      RATE_LIMIT_CACHE_HIT_COST: '0.2',
    });
    const countUntilRefused = async (init: Parameters<TestGateway['call']>[1]): Promise<number> => {
      for (let i = 0; i < 40; i++) {
        const response = await (i % 2 ? (b as TestGateway) : (a as TestGateway)).call(
          STATUSES,
          init,
        );
        if (response.status === 429) {
          return i;
        }
        expect(response.status).toBe(200);
      }
      return 40;
    };
    const fresh = await countUntilRefused({
      key: 'writer',
      headers: { 'cache-control': 'no-cache' },
    });
    const cached = await countUntilRefused({ key: 'reader' });
    expect(fresh).toBe(5);
    expect(cached).toBeGreaterThanOrEqual(15);
    expect(cached).toBeLessThan(40);
  });

  it('should let a client that waits Retry-After between uncached reads through once per window ÷ limit', async () => {
    // One request per 2 s, and a hit's cost above 2 s ÷ 5: waiting a hit's Retry-After never
    // regained a whole request.
    const [a] = await pair({
      RATE_LIMIT_PER_CLIENT: '1',
      RATE_LIMIT_PER_TENANT: '100',
      RATE_LIMIT_WINDOW_SECONDS: '2',
      RATE_LIMIT_CACHE_HIT_COST: '0.5',
    });
    const gw = a as TestGateway;
    const ids = incidentIds(gw.sandbox);
    const started = Date.now();
    const waits: number[] = [];
    let successes = 0;
    while (Date.now() - started < 5000) {
      // Each success reads another incident, so every read is a cache miss.
      const response = await gw.call(`/v1/incidents/${ids[successes] as string}`, {
        key: 'writer',
      });
      if (response.status === 200) {
        expect(response.headers.get('cache-status')).toBe('helpdesk-gateway; fwd=miss; stored');
        successes++;
        continue;
      }
      await expectProblem(response, 429, 'RATE_LIMITED');
      const retryAfter = Number(response.headers.get('retry-after'));
      waits.push(retryAfter);
      await new Promise((resolve) => setTimeout(resolve, retryAfter * 1000));
    }
    expect(successes).toBeGreaterThanOrEqual(3);
    expect(waits.every((seconds) => seconds === 2)).toBe(true);
  });

  it("should charge an uncached read refused its upstream share nothing, not even a hit's cost", async () => {
    // 2 requests per 60 s: one request is 30 s of budget, a cache hit 15 s.
    const [a] = await pair({
      RATE_LIMIT_PER_CLIENT: '2',
      RATE_LIMIT_PER_TENANT: '100',
      RATE_LIMIT_CACHE_HIT_COST: '0.5',
    });
    const gw = a as TestGateway;
    const ids = incidentIds(gw.sandbox);
    const cached = `/v1/incidents/${ids[0] as string}`;
    expect((await gw.call(cached, { key: 'writer' })).status).toBe(200);
    const hit = await gw.call(cached, { key: 'writer' });
    expect(hit.status).toBe(200);
    expect(hit.headers.get('cache-status')).toMatch(/; hit; /);
    // Half a request left: a hit's cost fits, a whole request does not.
    expect(hit.headers.get('ratelimit-remaining')).toBe('0');
    const resetBefore = Number(hit.headers.get('ratelimit-reset'));
    expect(resetBefore).toBeGreaterThanOrEqual(44);
    const refused = await gw.call(`/v1/incidents/${ids[1] as string}`, { key: 'writer' });
    await expectProblem(refused, 429, 'RATE_LIMITED');
    expect(refused.headers.get('ratelimit-remaining')).toBe('0');
    expect(Number(refused.headers.get('ratelimit-reset'))).toBeLessThanOrEqual(resetBefore);
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(14);
    expect(retryAfter).toBeLessThanOrEqual(15);
    // The half request is still there for a hit.
    expect((await gw.call(cached, { key: 'writer' })).status).toBe(200);
  });

  it('should never limit health, metrics, docs or unknown routes', async () => {
    const [a] = await pair({ RATE_LIMIT_PER_CLIENT: '1', RATE_LIMIT_PER_TENANT: '1' });
    const gw = a as TestGateway;
    for (let i = 0; i < 5; i++) {
      for (const path of ['/health/live', '/metrics', '/docs/openapi.json', '/v1/nothing-here']) {
        const response = await gw.call(path, { key: 'writer' });
        expect({ path, status: response.status }).not.toEqual({ path, status: 429 });
        expect(response.headers.get('ratelimit-limit')).toBeNull();
      }
    }
    expect((await gw.call(STATUSES, { key: 'writer' })).status).toBe(200);
    await expectProblem(await gw.call(STATUSES, { key: 'writer' }), 429, 'RATE_LIMITED');
  });

  it('should send no rate limit headers when limits are switched off', async () => {
    const [a] = await pair({ RATE_LIMIT_ENABLED: 'false', RATE_LIMIT_PER_CLIENT: '1' });
    for (let i = 0; i < 3; i++) {
      const response = await (a as TestGateway).call(STATUSES, { key: 'writer' });
      expect(response.status).toBe(200);
      expect(response.headers.get('ratelimit-limit')).toBeNull();
    }
  });

  it('should fail open without Redis and count it in hgw_rate_limit_fail_open_total', async () => {
    const gw = await startTestGateway({
      sharedSandbox: base.sandbox,
      env: { REDIS_URL: `redis://127.0.0.1:${await freePort()}`, RATE_LIMIT_PER_CLIENT: '1' },
    });
    running = [gw];
    for (let i = 0; i < 4; i++) {
      const response = await gw.call(STATUSES, { key: 'writer' });
      expect(response.status).toBe(200);
      expect(response.headers.get('ratelimit-limit')).toBeNull();
    }
    const metrics = await (await gw.call('/metrics', { key: null })).text();
    const counted = /^hgw_rate_limit_fail_open_total (\d+)/m.exec(metrics)?.[1];
    expect(Number(counted)).toBeGreaterThanOrEqual(4);
  });
});
