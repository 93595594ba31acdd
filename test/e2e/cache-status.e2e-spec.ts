import type { ChildProcess } from 'node:child_process';
import { Redis } from 'ioredis';
import { freePort, startRedisServer, stopRedisServer } from '../support/global-setup.js';
import { expectProblem } from '../support/problem-assertions.js';
import { incidentIds, json, startTestGateway, type TestGateway } from '../support/test-gateway.js';

/*
 * Cache-Status (RFC 9211) and Age must say what the cache really did: a remembered answer is a hit,
 * and `stored` only when an entry was written (api-contract §4).
 */
const ITEM_ROUTE = 'GET /hubs/helpdesk/incidents/{id}';
const COMMENTS_ROUTE = 'GET /hubs/helpdesk/incidents/{id}/comments';

describe('Cache-Status of remembered 404s and partial answers', () => {
  let gw: TestGateway;

  beforeAll(async () => {
    gw = await startTestGateway();
  });

  afterAll(async () => {
    await gw.close();
  });

  afterEach(() => {
    gw.sandbox.faults.clear();
  });

  it('should label a remembered 404 a hit with ttl and Age, without an upstream call', async () => {
    const path = '/v1/incidents/00163E0000000000000000000000CAFE';
    const first = await gw.call(path);
    await expectProblem(first, 404, 'NOT_FOUND');
    expect(first.headers.get('cache-status')).toBe('helpdesk-gateway; fwd=miss');
    expect(first.headers.get('age')).toBe('0');
    gw.sandbox.counters.reset();
    // Also the way the fast lane goes: it reads the entry and hands the 404 on to Nest.
    const again = await gw.call(path, { key: 'reader' });
    await expectProblem(again, 404, 'NOT_FOUND');
    expect(again.headers.get('cache-status')).toMatch(/^helpdesk-gateway; hit; ttl=\d+$/);
    expect(again.headers.get('age')).toMatch(/^\d+$/);
    expect(gw.sandbox.counters.snapshot().total).toBe(0);
  });

  it('should answer a partial expanded incident without storing it, and read it again once the upstream recovers', async () => {
    const record = gw.sandbox
      .store('1001')
      .incidents.list()
      .find((r) => r.CustomerID) as { ObjectID: string };
    const path = `/v1/incidents/${record.ObjectID}?expand=comments,account`;
    gw.sandbox.faults.add({ path: '/comments', status: 500 });

    const partial = await gw.call(path);
    expect(partial.status).toBe(200);
    expect(partial.headers.get('cache-status')).toBe('helpdesk-gateway; fwd=miss');
    expect(partial.headers.get('age')).toBe('0');
    const body = await json(partial);
    expect(body.comments).toBeNull();
    expect(body.account).toEqual(expect.objectContaining({ id: expect.any(String) }));
    expect(body.expansionErrors).toEqual([{ expand: 'comments', code: 'UPSTREAM_ERROR' }]);

    gw.sandbox.faults.clear();
    gw.sandbox.counters.reset();
    const whole = await gw.call(path);
    expect(whole.headers.get('cache-status')).toBe('helpdesk-gateway; fwd=miss; stored');
    const wholeBody = await json(whole);
    expect(wholeBody.comments).toEqual(expect.objectContaining({ data: expect.any(Array) }));
    expect(wholeBody).not.toHaveProperty('expansionErrors');
    expect(gw.sandbox.counters.snapshot().byRoute[COMMENTS_ROUTE]).toBeGreaterThan(0);

    const hit = await gw.call(path);
    expect(hit.headers.get('cache-status')).toMatch(/^helpdesk-gateway; hit; ttl=\d+$/);
    expect(await json(hit)).toEqual(wholeBody);
  });
});

describe('Rate limit of remembered 404s', () => {
  it('should charge a remembered 404 what a cache hit costs', async () => {
    const gw = await startTestGateway({
      env: {
        RATE_LIMIT_PER_CLIENT: '1000',
        RATE_LIMIT_WINDOW_SECONDS: '3600',
        RATE_LIMIT_CACHE_HIT_COST: '0.2',
      },
    });
    try {
      const found = `/v1/incidents/${incidentIds(gw.sandbox)[0]}`;
      const missing = '/v1/incidents/00163E0000000000000000000000F00D';
      await gw.call(found, { key: 'writer' });
      await gw.call(missing, { key: 'reader' });
      const remaining = async (path: string, key: 'reader' | 'writer'): Promise<number> => {
        let last = '';
        for (let i = 0; i < 10; i++) {
          const response = await gw.call(path, { key });
          expect(response.headers.get('cache-status')).toMatch(/; hit; ttl=/);
          last = response.headers.get('ratelimit-remaining') ?? '';
        }
        return Number(last);
      };

      // Both callers made one whole request, then ten answered from the cache.
      expect(await remaining(missing, 'reader')).toBe(await remaining(found, 'writer'));
    } finally {
      await gw.close();
    }
  });
});

describe('Cache-Status of what the cache did not answer', () => {
  let gw: TestGateway;

  beforeAll(async () => {
    gw = await startTestGateway();
  });

  afterAll(async () => {
    await gw.close();
  });

  it('should label a refused query fwd=miss without asking the upstream', async () => {
    gw.sandbox.counters.reset();
    const response = await gw.call('/v1/incidents?limit=0');
    await expectProblem(response, 400, 'VALIDATION_FAILED');
    expect(response.headers.get('cache-status')).toBe('helpdesk-gateway; fwd=miss');
    expect(response.headers.get('age')).toBe('0');
    expect(gw.sandbox.counters.snapshot().total).toBe(0);
  });

  it('should answer a HEAD from the entry a GET stored, with its ETag and no body', async () => {
    const path = `/v1/incidents/${incidentIds(gw.sandbox)[2]}`;
    const get = await gw.call(path);
    expect(get.headers.get('cache-status')).toBe('helpdesk-gateway; fwd=miss; stored');
    gw.sandbox.counters.reset();
    const head = await gw.call(path, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('cache-status')).toMatch(/^helpdesk-gateway; hit; ttl=\d+$/);
    expect(head.headers.get('etag')).toBe(get.headers.get('etag'));
    expect(await head.text()).toBe('');
    expect(gw.sandbox.counters.snapshot().total).toBe(0);
  });
});

describe('Cache-Status with the cache off', () => {
  it('should label every answer of a cached path fwd=bypass, refusals of the query included', async () => {
    const gw = await startTestGateway({ env: { CACHE_ENABLED: 'false' } });
    try {
      const path = `/v1/incidents/${incidentIds(gw.sandbox)[0]}`;
      for (const response of [await gw.call(path), await gw.call(path)]) {
        expect(response.status).toBe(200);
        expect(response.headers.get('cache-status')).toBe('helpdesk-gateway; fwd=bypass');
      }
      const refused = await gw.call('/v1/incidents?limit=0');
      await expectProblem(refused, 400, 'VALIDATION_FAILED');
      expect(refused.headers.get('cache-status')).toBe('helpdesk-gateway; fwd=bypass');
    } finally {
      await gw.close();
    }
  });
});

describe('Cache-Status while Redis cannot store', () => {
  it('should never say stored while Redis is unreachable, and ask the upstream every time', async () => {
    const gw = await startTestGateway({
      env: { REDIS_URL: `redis://127.0.0.1:${await freePort()}` },
    });
    try {
      const path = `/v1/incidents/${incidentIds(gw.sandbox)[0]}`;
      gw.sandbox.counters.reset();
      for (let i = 0; i < 2; i++) {
        const response = await gw.call(path);
        expect(response.status).toBe(200);
        expect(response.headers.get('cache-status')).toBe('helpdesk-gateway; fwd=miss');
        expect(response.headers.get('age')).toBe('0');
      }
      expect(gw.sandbox.counters.snapshot().byRoute[ITEM_ROUTE]).toBe(2);
    } finally {
      await gw.close();
    }
  });

  describe('with Redis answering reads but refusing writes', () => {
    let server: ChildProcess | undefined;
    let admin: Redis;
    let gw: TestGateway;

    beforeAll(async () => {
      const port = await freePort();
      server = (await startRedisServer(port)).child;
      admin = new Redis(port, '127.0.0.1');
      gw = await startTestGateway({ env: { REDIS_URL: `redis://127.0.0.1:${port}` } });
    });

    afterAll(async () => {
      await gw.close();
      admin.disconnect();
      await stopRedisServer(server);
    });

    it('should say stored only when the entry was written', async () => {
      const path = `/v1/incidents/${incidentIds(gw.sandbox)[1]}`;
      // A full Redis with the default noeviction policy: the connection stays ready, writes fail (OOM).
      await admin.config('SET', 'maxmemory', '1');
      gw.sandbox.counters.reset();
      for (let i = 0; i < 2; i++) {
        const response = await gw.call(path);
        expect(response.status).toBe(200);
        expect(response.headers.get('cache-status')).toBe('helpdesk-gateway; fwd=miss');
      }
      expect(gw.sandbox.counters.snapshot().byRoute[ITEM_ROUTE]).toBe(2);

      await admin.config('SET', 'maxmemory', '0');
      const stored = await gw.call(path);
      expect(stored.headers.get('cache-status')).toBe('helpdesk-gateway; fwd=miss; stored');
      const hit = await gw.call(path);
      expect(hit.headers.get('cache-status')).toMatch(/^helpdesk-gateway; hit; ttl=\d+$/);
    });
  });
});
