import type { ChildProcess } from 'node:child_process';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { Redis } from 'ioredis';
import { RedisTracking } from '../../src/redis/redis-tracking.js';
import { sleep } from '../support/event-helpers.js';
import { freePort, startRedisServer, stopRedisServer } from '../support/global-setup.js';
import {
  incidentIds,
  json,
  startTestGateway,
  untilTracking,
  type TestGateway,
} from '../support/test-gateway.js';

/*
 * Fresh entries are also kept in process and kept valid by Redis invalidation messages. Each test
 * counts the Redis reads it causes on a private server, and checks that no instance ever answers
 * from a copy that a write, a refresh or a Redis restart has made wrong.
 */
const HIT = /^helpdesk-gateway; hit; ttl=\d+$/;

async function mgetCalls(redis: Redis): Promise<number> {
  const stats = await redis.info('commandstats');
  return Number(/cmdstat_mget:calls=(\d+)/.exec(stats)?.[1] ?? 0);
}

describe('In-process copies of cache entries', () => {
  let port: number;
  let server: ChildProcess | undefined;
  let redis: Redis;
  let a: TestGateway;
  let b: TestGateway;
  let ids: string[];

  const patchSubject = async (gw: TestGateway, id: string, subject: string): Promise<void> => {
    const response = await gw.call(`/v1/incidents/${id}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ subject }),
    });
    expect(response.status).toBe(200);
  };

  beforeAll(async () => {
    port = await freePort();
    server = (await startRedisServer(port)).child;
    redis = new Redis(port, '127.0.0.1');
    const env = { REDIS_URL: `redis://127.0.0.1:${port}`, REDIS_KEY_PREFIX: 'near:' };
    a = await startTestGateway({ env });
    b = await startTestGateway({ env, sharedSandbox: a.sandbox });
    await untilTracking(a, b);
    ids = incidentIds(a.sandbox);
  });

  afterAll(async () => {
    await b.close();
    await a.close();
    redis.disconnect();
    await stopRedisServer(server);
  });

  it('should answer repeated hits without reading Redis', async () => {
    const path = `/v1/incidents/${ids[0]}`;
    const miss = await a.call(path);
    await a.call(path);
    const before = await mgetCalls(redis);
    for (let i = 0; i < 20; i++) {
      const hit = await a.call(path);
      expect(hit.headers.get('cache-status')).toMatch(HIT);
      expect(hit.headers.get('etag')).toBe(miss.headers.get('etag'));
    }
    expect(await mgetCalls(redis)).toBe(before);
    const metrics = await (await a.call('/metrics', { key: null })).text();
    expect(metrics).toMatch(/^hgw_cache_tracking_up 1$/m);
    expect(Number(/^hgw_cache_local_entries (\d+)$/m.exec(metrics)?.[1])).toBeGreaterThanOrEqual(1);
    expect(Number(/^hgw_cache_local_bytes (\d+)$/m.exec(metrics)?.[1])).toBeGreaterThan(0);
  });

  it("should never serve another instance's overwritten value after its write was answered", async () => {
    const id = ids[1] as string;
    for (let round = 0; round < 20; round++) {
      await b.call(`/v1/incidents/${id}`);
      await b.call(`/v1/incidents/${id}`);
      await b.call('/v1/incidents?limit=50');
      const subject = `Round ${round}`;
      await patchSubject(a, id, subject);
      expect((await json(await b.call(`/v1/incidents/${id}`))).subject).toBe(subject);
      const list = await json(await b.call('/v1/incidents?limit=50'));
      expect(list.data.find((i: { id: string }) => i.id === id)?.subject).toBe(subject);
    }
  });

  it('should drop a copy when another instance refreshes the entry with no-cache', async () => {
    const id = ids[2] as string;
    const path = `/v1/incidents/${id}`;
    await b.call(path);
    expect((await b.call(path)).headers.get('cache-status')).toMatch(HIT);
    a.sandbox
      .store('1001')
      .incidents.update(id, { Name: { content: 'Changed in SAP', languageCode: 'EN' } });
    const refreshed = await a.call(path, { headers: { 'cache-control': 'no-cache' } });
    expect((await json(refreshed)).subject).toBe('Changed in SAP');
    const after = await b.call(path);
    expect(after.headers.get('cache-status')).toMatch(HIT);
    expect((await json(after)).subject).toBe('Changed in SAP');
  });

  it('should drop every copy when the database is flushed', async () => {
    const path = `/v1/incidents/${ids[3]}`;
    await a.call(path);
    expect((await a.call(path)).headers.get('cache-status')).toMatch(HIT);
    await redis.flushdb();
    await sleep(50);
    expect((await a.call(path)).headers.get('cache-status')).toBe(
      'helpdesk-gateway; fwd=miss; stored',
    );
  });

  it('should not answer from memory while Redis is away, and use copies again once it is back', async () => {
    const path = `/v1/incidents/${ids[4]}`;
    await a.call(path);
    expect((await a.call(path)).headers.get('cache-status')).toMatch(HIT);
    await stopRedisServer(server);
    await sleep(100);
    const during = await a.call(path);
    expect(during.status).toBe(200);
    expect(during.headers.get('cache-status')).not.toMatch(HIT);
    const metrics = await (await a.call('/metrics', { key: null })).text();
    expect(metrics).toMatch(/^hgw_cache_tracking_up 0$/m);
    expect(metrics).toMatch(/^hgw_cache_local_entries 0$/m);
    server = (await startRedisServer(port)).child;
    let hit = false;
    for (let attempt = 0; attempt < 50 && !hit; attempt++) {
      await sleep(100);
      await a.call(path);
      const response = await a.call(path);
      hit = HIT.test(response.headers.get('cache-status') ?? '');
    }
    expect(hit).toBe(true);
    await untilTracking(a);
    await a.call(path);
    await redis.ping();
    const before = await mgetCalls(redis);
    expect((await a.call(path)).headers.get('cache-status')).toMatch(HIT);
    expect(await mgetCalls(redis)).toBe(before);
  });
});

describe('In-process copies turned off', () => {
  let gw: TestGateway;
  let redis: Redis;

  beforeAll(async () => {
    gw = await startTestGateway({ env: { CACHE_LOCAL_MAX_MB: '0' } });
    redis = new Redis(gw.config.redis.url);
  });

  afterAll(async () => {
    await gw.close();
    redis.disconnect();
  });

  it('should read Redis for every hit', async () => {
    const path = '/v1/incident-statuses';
    await gw.call(path);
    const before = await mgetCalls(redis);
    for (let i = 0; i < 5; i++) {
      expect((await gw.call(path)).headers.get('cache-status')).toMatch(HIT);
    }
    expect(await mgetCalls(redis)).toBeGreaterThanOrEqual(before + 5);
  });
});

describe('In-process copies when Redis refuses tracking', () => {
  let port: number;
  let server: ChildProcess | undefined;
  let admin: Redis;
  let gw: TestGateway;
  const lines: string[] = [];

  beforeAll(async () => {
    port = await freePort();
    server = (await startRedisServer(port)).child;
    admin = new Redis(port, '127.0.0.1');
    // What a managed Redis or a proxy may do: everything but CLIENT TRACKING.
    await admin.call(
      'ACL',
      'SETUSER',
      'limited',
      'on',
      '>secret',
      '~*',
      '&*',
      '+@all',
      '-client|tracking',
    );
    gw = await startTestGateway({
      env: { REDIS_URL: `redis://limited:secret@127.0.0.1:${port}`, LOG_LEVEL: 'warn' },
      logs: { write: (line: string) => void lines.push(line) },
    });
  });

  afterAll(async () => {
    await gw.close();
    admin.disconnect();
    await stopRedisServer(server);
  });

  it('should give tracking up once, say so, and serve hits from Redis', async () => {
    await sleep(1500);
    const refusals = lines.filter((l) => l.includes('Redis refused invalidation tracking'));
    expect(refusals).toHaveLength(1);
    expect(gw.app.get(RedisTracking).tracking).toBe(false);
    const names = String(await admin.client('LIST'));
    expect(names).not.toContain('name=hgw-tracked-reads');
    expect(names).not.toContain('name=hgw-invalidations');
    const path = '/v1/incident-statuses';
    await gw.call(path);
    const before = await mgetCalls(admin);
    for (let i = 0; i < 3; i++) {
      expect((await gw.call(path)).headers.get('cache-status')).toMatch(HIT);
    }
    expect(await mgetCalls(admin)).toBeGreaterThanOrEqual(before + 3);
  });
});

/**
 * A TCP relay to Redis that can go silent on the invalidation listener's connection (recognised by
 * its connection name), as an idle NAT or load balancer mapping does: no data, no close.
 */
async function startRelay(
  redisPort: number,
): Promise<{ server: Server; port: number; silenceListener(): void }> {
  const listeners: Socket[] = [];
  let silent = false;
  const server = createServer((client) => {
    const upstream = createConnection(redisPort, '127.0.0.1');
    let isListener = false;
    client.on('data', (chunk: Buffer) => {
      isListener ||= chunk.toString().includes('hgw-invalidations');
      if (isListener && !listeners.includes(client)) {
        listeners.push(client);
      }
      if (!(silent && isListener)) {
        upstream.write(chunk);
      }
    });
    upstream.on('data', (chunk: Buffer) => {
      if (!(silent && isListener)) {
        client.write(chunk);
      }
    });
    const end = (): void => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return {
    server,
    port: typeof address === 'object' && address ? address.port : 0,
    silenceListener: () => {
      silent = true;
    },
  };
}

describe('In-process copies when the invalidation connection goes silent', () => {
  let port: number;
  let server: ChildProcess | undefined;
  let relay: Awaited<ReturnType<typeof startRelay>>;
  let redis: Redis;
  let gw: TestGateway;

  beforeAll(async () => {
    port = await freePort();
    server = (await startRedisServer(port)).child;
    redis = new Redis(port, '127.0.0.1');
    relay = await startRelay(port);
    gw = await startTestGateway({ env: { REDIS_URL: `redis://127.0.0.1:${relay.port}` } });
    await untilTracking(gw);
  });

  afterAll(async () => {
    await gw.close();
    relay.server.close();
    redis.disconnect();
    await stopRedisServer(server);
  });

  it('should stop using copies within seconds, though no close ever arrives', async () => {
    const path = '/v1/incident-statuses';
    await gw.call(path);
    await gw.call(path);
    let before = await mgetCalls(redis);
    expect((await gw.call(path)).headers.get('cache-status')).toMatch(HIT);
    expect(await mgetCalls(redis)).toBe(before);
    relay.silenceListener();
    await sleep(3500);
    expect(gw.app.get(RedisTracking).tracking).toBe(false);
    before = await mgetCalls(redis);
    expect((await gw.call(path)).headers.get('cache-status')).toMatch(HIT);
    expect(await mgetCalls(redis)).toBeGreaterThan(before);
  });
});
