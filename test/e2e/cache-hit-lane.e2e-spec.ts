import { randomBytes } from 'node:crypto';
import { expectProblem } from '../support/problem-assertions.js';
import { incidentIds, json, startTestGateway, type TestGateway } from '../support/test-gateway.js';

/*
 * Fresh cache hits are answered by a Fastify hook before Nest's pipeline. These tests pin that the
 * short path is indistinguishable from the long one to callers: the same checks, headers and
 * rate limit accounting, and no way around tenant, scope or audience.
 */
describe('Cache hits answered before the Nest pipeline', () => {
  let gw: TestGateway;
  let ids: string[];

  beforeAll(async () => {
    gw = await startTestGateway();
    ids = incidentIds(gw.sandbox);
  });

  afterAll(async () => {
    await gw.close();
  });

  it('should answer a hit with the same body and every header of a miss, and no upstream call', async () => {
    const path = `/v1/incidents/${ids[0]}`;
    const miss = await gw.call(path, { key: 'reader' });
    expect(miss.headers.get('cache-status')).toBe('helpdesk-gateway; fwd=miss; stored');
    gw.sandbox.counters.reset();
    const hit = await gw.call(path, { key: 'reader' });
    expect(hit.status).toBe(200);
    expect(hit.headers.get('cache-status')).toMatch(/^helpdesk-gateway; hit; ttl=\d+$/);
    expect(await hit.text()).toBe(await miss.text());
    for (const name of [
      'content-type',
      'etag',
      'cache-control',
      'content-security-policy',
      'x-frame-options',
      'x-content-type-options',
      'ratelimit-limit',
      'ratelimit-policy',
    ]) {
      expect({ name, value: hit.headers.get(name) }).toEqual({
        name,
        value: miss.headers.get(name),
      });
    }
    expect(hit.headers.get('x-request-id')).toMatch(/^[\w-]{8,}$/);
    expect(hit.headers.get('x-request-id')).not.toBe(miss.headers.get('x-request-id'));
    expect(hit.headers.get('age')).toMatch(/^\d+$/);
    expect(gw.sandbox.counters.snapshot().total).toBe(0);
    const notModified = await gw.call(path, {
      key: 'reader',
      headers: { 'if-none-match': hit.headers.get('etag') as string },
    });
    expect(notModified.status).toBe(304);
    expect(notModified.headers.get('content-type')).toBeNull();
  });

  it('should refuse missing or wrong credentials, and other tenants on a cached path', async () => {
    const path = `/v1/incidents/${ids[1]}`;
    expect((await gw.call(path, { key: 'reader' })).status).toBe(200);
    const none = await expectProblem(await gw.call(path, { key: null }), 401, 'UNAUTHENTICATED');
    expect(none.detail).toBe('Missing or invalid credentials');
    const wrong = await gw.call(path, { key: null, headers: { 'x-api-key': 'not-a-key' } });
    await expectProblem(wrong, 401, 'UNAUTHENTICATED');
    expect(wrong.headers.get('www-authenticate')).toContain('ApiKey');
    await expectProblem(await gw.call(path, { key: 'reader', tenant: 'globex' }), 403, 'FORBIDDEN');
    await expectProblem(await gw.call(path, { tenant: 'nowhere' }), 403, 'FORBIDDEN');
  });

  it('should keep tenants apart: the same path for another tenant is its own entry', async () => {
    const path = `/v1/incidents/${ids[2]}`;
    expect((await gw.call(path, { tenant: 'acme' })).status).toBe(200);
    gw.sandbox.counters.reset();
    const other = await gw.call(path, { tenant: 'globex' });
    expect(other.headers.get('cache-status')).not.toMatch(/; hit/);
    expect(gw.sandbox.counters.snapshot().total).toBeGreaterThan(0);
  });

  it("should never hand an internal caller's raw body to another caller", async () => {
    const path = `/v1/incidents/${ids[3]}?include=raw`;
    const internal = await gw.call(path);
    expect((await json(internal)).raw).toBeDefined();
    const again = await gw.call(path);
    expect(again.headers.get('cache-status')).toMatch(/; hit/);
    const reader = await gw.call(path, { key: 'reader' });
    expect(reader.headers.get('cache-status') ?? '').not.toMatch(/; hit/);
    if (reader.status === 200) {
      expect((await json(reader)).raw).toBeUndefined();
    }
  });

  it('should go on to the upstream for Cache-Control: no-cache, identified once', async () => {
    const path = `/v1/incidents/${ids[4]}`;
    await gw.call(path, { key: 'reader' });
    gw.sandbox.counters.reset();
    const fresh = await gw.call(path, { key: 'reader', headers: { 'cache-control': 'no-cache' } });
    expect(fresh.headers.get('cache-status')).toBe('helpdesk-gateway; fwd=request; stored');
    expect(gw.sandbox.counters.snapshot().total).toBe(1);
  });
});

describe('Rate limits on the cache hit path', () => {
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
    await base.close();
  });

  async function instances(count: number, env: Record<string, string>): Promise<TestGateway[]> {
    const shared = { REDIS_KEY_PREFIX: `lane:${randomBytes(6).toString('hex')}:`, ...env };
    const started = await Promise.all(
      Array.from({ length: count }, () =>
        startTestGateway({ sharedSandbox: base.sandbox, env: shared }),
      ),
    );
    running.push(...started);
    return started;
  }

  it('should charge a hit only its own cost and a miss a whole request', async () => {
    const [gw] = (await instances(1, {
      RATE_LIMIT_PER_CLIENT: '2',
      RATE_LIMIT_WINDOW_SECONDS: '3600',
      RATE_LIMIT_CACHE_HIT_COST: '0.5',
    })) as [TestGateway];
    const statuses = [];
    for (let i = 0; i < 4; i++) {
      statuses.push((await gw.call('/v1/incident-statuses', { key: 'writer' })).status);
    }
    // A miss (1) and two hits (0.5 each) use up a budget of 2; charging a hit in full before
    // refunding it would have refused the second hit.
    expect(statuses).toEqual([200, 200, 200, 429]);
  });

  it('should never admit more than the budget over instances holding leases', async () => {
    const gws = await instances(2, {
      RATE_LIMIT_PER_CLIENT: '40',
      RATE_LIMIT_WINDOW_SECONDS: '3600',
      RATE_LIMIT_CACHE_HIT_COST: '1',
    });
    let admitted = 0;
    let refusedInARow = 0;
    for (let i = 0; i < 200 && refusedInARow < 2; i++) {
      const response = await (gws[i % 2] as TestGateway).call('/v1/incident-statuses', {
        key: 'writer',
      });
      if (response.status === 429) {
        refusedInARow++;
      } else {
        expect(response.status).toBe(200);
        admitted++;
        refusedInARow = 0;
      }
    }
    expect(admitted).toBe(40);
  });

  it('should admit a concurrent burst within the budget on a cold instance', async () => {
    const [gw] = (await instances(1, {
      RATE_LIMIT_PER_CLIENT: '300',
      RATE_LIMIT_WINDOW_SECONDS: '3600',
      RATE_LIMIT_CACHE_HIT_COST: '1',
    })) as [TestGateway];
    const responses = await Promise.all(
      Array.from({ length: 250 }, () => gw.call('/v1/incident-statuses', { key: 'writer' })),
    );
    // Leases are taken one at a time per pair, and what they hold serves the burst.
    expect(responses.map((r) => r.status).filter((status) => status !== 200)).toEqual([]);
  });

  it('should give leased budget back when an instance stops', async () => {
    const env = {
      RATE_LIMIT_PER_CLIENT: '1000',
      RATE_LIMIT_WINDOW_SECONDS: '3600',
      RATE_LIMIT_CACHE_HIT_COST: '1',
      REDIS_KEY_PREFIX: `lane:${randomBytes(6).toString('hex')}:`,
    };
    const first = await startTestGateway({ sharedSandbox: base.sandbox, env });
    const one = await first.call('/v1/incident-statuses', { key: 'writer' });
    expect(one.headers.get('ratelimit-remaining')).toBe('999');
    await first.close();
    const [second] = (await instances(1, env)) as [TestGateway];
    const two = await second.call('/v1/incident-statuses', { key: 'writer' });
    expect(two.headers.get('ratelimit-remaining')).toBe('998');
  });
});
