import { randomBytes } from 'node:crypto';
import { expectProblem } from '../support/problem-assertions.js';
import { incidentIds, json, startTestGateway, type TestGateway } from '../support/test-gateway.js';

const ITEM_ROUTE = 'GET /hubs/helpdesk/incidents/{id}';

function sharedPrefix(): string {
  return `t:${randomBytes(6).toString('hex')}:`;
}

describe('Response and token cache', () => {
  let gw: TestGateway;
  let ids: string[];

  beforeAll(async () => {
    gw = await startTestGateway({ env: { REDIS_KEY_PREFIX: sharedPrefix() } });
    ids = incidentIds(gw.sandbox);
  });

  afterAll(async () => {
    await gw.close();
  });

  afterEach(() => {
    gw.sandbox.faults.clear();
    gw.sandbox.setLatency(0);
  });

  it('should serve a hit with no upstream call, Cache-Status, Age and ETag', async () => {
    const first = await gw.call(`/v1/incidents/${ids[0]}`);
    expect(first.headers.get('cache-status')).toBe('helpdesk-gateway; fwd=miss; stored');
    gw.sandbox.counters.reset();
    const second = await gw.call(`/v1/incidents/${ids[0]}`);
    expect(second.status).toBe(200);
    expect(second.headers.get('cache-status')).toMatch(/^helpdesk-gateway; hit; ttl=\d+$/);
    expect(second.headers.get('age')).toMatch(/^\d+$/);
    expect(second.headers.get('etag')).toBe(first.headers.get('etag'));
    expect(await second.json()).toEqual(await first.json());
    expect(gw.sandbox.counters.snapshot().total).toBe(0);
  });

  it('should answer 304 to a matching If-None-Match', async () => {
    const first = await gw.call(`/v1/incidents/${ids[1]}`);
    const etag = first.headers.get('etag') as string;
    const again = await gw.call(`/v1/incidents/${ids[1]}`, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    expect(again.headers.get('etag')).toBe(etag);
    expect(again.headers.get('content-type')).toBeNull();
    const other = await gw.call(`/v1/incidents/${ids[1]}`, {
      headers: { 'if-none-match': '"something-else"' },
    });
    expect(other.status).toBe(200);
  });

  it('should read upstream again for Cache-Control: no-cache and store the result', async () => {
    await gw.call(`/v1/incidents/${ids[2]}`);
    gw.sandbox.counters.reset();
    const fresh = await gw.call(`/v1/incidents/${ids[2]}`, {
      headers: { 'cache-control': 'no-cache' },
    });
    expect(fresh.headers.get('cache-status')).toBe('helpdesk-gateway; fwd=request; stored');
    expect(gw.sandbox.counters.snapshot().byRoute[ITEM_ROUTE]).toBe(1);
  });

  it('should make one upstream call for 200 concurrent cold GETs', async () => {
    gw.sandbox.setLatency(150);
    gw.sandbox.counters.reset();
    const responses = await Promise.all(
      Array.from({ length: 200 }, () => gw.call(`/v1/incidents/${ids[3]}`)),
    );
    expect(responses.every((r) => r.status === 200)).toBe(true);
    expect(gw.sandbox.counters.snapshot().byRoute[ITEM_ROUTE]).toBe(1);
    const statuses = new Set(responses.map((r) => r.headers.get('cache-status')));
    expect(statuses).toContain('helpdesk-gateway; fwd=miss; collapsed');
  });

  it('should make one upstream call for 200 concurrent cold GETs across two gateway instances', async () => {
    const second = await startTestGateway({
      sharedSandbox: gw.sandbox,
      env: { REDIS_KEY_PREFIX: gw.config.redis.keyPrefix },
    });
    try {
      await second.call('/v1/incident-statuses');
      gw.sandbox.setLatency(200);
      gw.sandbox.counters.reset();
      const responses = await Promise.all(
        Array.from({ length: 200 }, (_, i) =>
          (i % 2 === 0 ? gw : second).call(`/v1/incidents/${ids[4]}`),
        ),
      );
      expect(responses.every((r) => r.status === 200)).toBe(true);
      expect(gw.sandbox.counters.snapshot().byRoute[ITEM_ROUTE]).toBe(1);
    } finally {
      await second.close();
    }
  });

  it('should look the element token up once for 100 concurrent requests on two fresh instances', async () => {
    const prefix = sharedPrefix();
    const a = await startTestGateway({
      sharedSandbox: gw.sandbox,
      env: { REDIS_KEY_PREFIX: prefix },
    });
    const b = await startTestGateway({
      sharedSandbox: gw.sandbox,
      env: { REDIS_KEY_PREFIX: prefix },
    });
    try {
      gw.sandbox.setLatency(50);
      gw.sandbox.counters.reset();
      const responses = await Promise.all(
        Array.from({ length: 100 }, (_, i) =>
          (i % 2 === 0 ? a : b).call(`/v1/incidents?limit=1&q=${i}`),
        ),
      );
      expect(responses.every((r) => r.status === 200)).toBe(true);
      expect(gw.sandbox.counters.snapshot().instanceLookups).toBe(1);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('should never serve one tenant’s cached data to another', async () => {
    const acme = await json(await gw.call('/v1/incidents?limit=5', { tenant: 'acme' }));
    const globex = await json(await gw.call('/v1/incidents?limit=5', { tenant: 'globex' }));
    const acmeAgain = await json(await gw.call('/v1/incidents?limit=5', { tenant: 'acme' }));
    const globexIds = new Set(incidentIds(gw.sandbox, '1002'));
    expect(globex.data.every((i: { id: string }) => globexIds.has(i.id))).toBe(true);
    expect(acme.data.some((i: { id: string }) => globexIds.has(i.id))).toBe(false);
    expect(acmeAgain).toEqual(acme);
  });

  it('should never return the old value after a successful write', async () => {
    const id = ids[5] as string;
    for (let round = 0; round < 25; round++) {
      await gw.call(`/v1/incidents/${id}`);
      await gw.call('/v1/incidents?limit=100&sort=-updatedAt');
      const subject = `Round ${round} ${randomBytes(3).toString('hex')}`;
      const patch = await gw.call(`/v1/incidents/${id}`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ subject }),
      });
      expect(patch.status).toBe(200);
      expect((await json(await gw.call(`/v1/incidents/${id}`))).subject).toBe(subject);
      const list = await json(await gw.call('/v1/incidents?limit=100&sort=-updatedAt'));
      expect(list.data.find((i: { id: string }) => i.id === id)?.subject).toBe(subject);
    }
  });

  it('should remember a 404 briefly without asking the upstream again', async () => {
    const missing = '00163E000000000000000000000000FF';
    await expectProblem(await gw.call(`/v1/incidents/${missing}`), 404, 'NOT_FOUND');
    gw.sandbox.counters.reset();
    await expectProblem(await gw.call(`/v1/incidents/${missing}`), 404, 'NOT_FOUND');
    expect(gw.sandbox.counters.snapshot().total).toBe(0);
  });

  it('should not cache errors other than 404', async () => {
    gw.sandbox.faults.add({ path: '/hubs/helpdesk/incidents', status: 500, times: 1 });
    await expectProblem(
      await gw.call(`/v1/incidents/${ids[6]}`, { key: 'reader' }),
      502,
      'UPSTREAM_ERROR',
    );
    expect((await gw.call(`/v1/incidents/${ids[6]}`, { key: 'reader' })).status).toBe(200);
  });

  it('should keep include=raw bodies apart from normal ones', async () => {
    const raw = await json(await gw.call(`/v1/incidents/${ids[7]}?include=raw`));
    expect(raw.raw).toBeDefined();
    await expectProblem(
      await gw.call(`/v1/incidents/${ids[7]}?include=raw`, { key: 'reader' }),
      403,
      'FORBIDDEN',
    );
    expect((await json(await gw.call(`/v1/incidents/${ids[7]}`))).raw).toBeUndefined();
  });
});

describe('Freshness', () => {
  let gw: TestGateway;
  let id: string;

  beforeAll(async () => {
    gw = await startTestGateway({ env: { CACHE_TTL_INCIDENTS: '1', CACHE_STALE_SECONDS: '60' } });
    id = gw.sandbox.store('1001').incidents.list()[0]!.ObjectID;
  });

  afterAll(async () => {
    await gw.close();
  });

  it('should serve stale while refreshing once in the background after the fresh TTL', async () => {
    await gw.call(`/v1/incidents/${id}`);
    gw.sandbox
      .store('1001')
      .incidents.update(id, { Name: { content: 'Changed in SAP', languageCode: 'EN' } });
    await new Promise((r) => setTimeout(r, 1100));
    gw.sandbox.counters.reset();
    const [stale] = await Promise.all(
      Array.from({ length: 20 }, () => gw.call(`/v1/incidents/${id}`)),
    );
    expect(stale?.headers.get('cache-status')).toBe('helpdesk-gateway; fwd=stale');
    expect((await json(stale as Response)).subject).not.toBe('Changed in SAP');
    await new Promise((r) => setTimeout(r, 200));
    expect(gw.sandbox.counters.snapshot().byRoute[ITEM_ROUTE]).toBe(1);
    const refreshed = await gw.call(`/v1/incidents/${id}`);
    expect(refreshed.headers.get('cache-status')).toMatch(/hit/);
    expect((await json(refreshed)).subject).toBe('Changed in SAP');
  });

  it('should serve stale when the upstream fails after the stale-while-revalidate window', async () => {
    const second = gw.sandbox.store('1001').incidents.list()[1]!.ObjectID;
    const original = await json(await gw.call(`/v1/incidents/${second}`));
    await new Promise((r) => setTimeout(r, 2100));
    gw.sandbox.faults.add({ path: '/hubs/helpdesk/incidents', status: 503 });
    const response = await gw.call(`/v1/incidents/${second}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-status')).toBe('helpdesk-gateway; fwd=stale');
    expect(await json(response)).toEqual(original);
    gw.sandbox.faults.clear();
  });
});
