import { Redis } from 'ioredis';
import { RedisTracking } from '../../src/redis/redis-tracking.js';
import { RedisService } from '../../src/redis/redis.service.js';
import { STALL_TIMEOUTS } from '../../src/redis/stall-detector.js';
import type { ChildProcess } from 'node:child_process';
import { sleep } from '../support/event-helpers.js';
import { freePort, startRedisServer, stopRedisServer } from '../support/global-setup.js';
import { incidentIds, json, startTestGateway, type TestGateway } from '../support/test-gateway.js';

/*
 * Timeouts that are not Redis's fault, and a Redis that is connected but silent.
 *
 * A garbage collection or a long synchronous task can block the event loop for longer than the
 * Redis command timeout while Redis has already answered. The timer then runs before the reply
 * is read; the gateway must still take the reply instead of reporting a timeout (which turned a
 * cache write into "not stored" and the next read into a second upstream call).
 *
 * A stopped Redis process keeps its connections open: without stall detection every command of
 * every request would wait the full timeout.
 */
const COMMAND_TIMEOUT_MS = 50;

/** Blocks the event loop, as a long GC pause would. */
function blockEventLoop(ms: number): void {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    // busy on purpose
  }
}

describe('Redis command timeouts', () => {
  let gw: TestGateway;
  let redis: RedisService;
  let server: ChildProcess | undefined;
  let ids: string[];
  let url: string;

  // A Redis of its own: one test pauses it.
  beforeAll(async () => {
    const port = await freePort();
    server = (await startRedisServer(port)).child;
    url = `redis://127.0.0.1:${port}`;
    gw = await startTestGateway({
      env: { REDIS_URL: url, REDIS_COMMAND_TIMEOUT_MS: String(COMMAND_TIMEOUT_MS) },
    });
    redis = gw.app.get(RedisService);
    ids = incidentIds(gw.sandbox);
  });

  afterAll(async () => {
    await gw.close();
    await stopRedisServer(server);
  });

  it('should take the reply of a command, not time it out, when the loop was blocked past the timeout', async () => {
    await redis.client.set('stall:probe', 'answered', 'PX', 60_000);
    const failuresBefore = redis.failures;

    const pending = redis.attempt((client) => client.get('stall:probe'));
    blockEventLoop(COMMAND_TIMEOUT_MS * 6);

    expect(await pending).toBe('answered');
    expect(redis.failures).toBe(failuresBefore);
  });

  it('should take the reply of a tracked read the same way', async () => {
    const tracking = gw.app.get(RedisTracking);
    for (let i = 0; i < 100 && !tracking.tracking; i++) {
      await sleep(50);
    }
    expect(tracking.tracking).toBe(true);
    await redis.client.set('stall:tracked', 'answered', 'PX', 60_000);

    const pending = tracking.mget(['stall:tracked']);
    blockEventLoop(COMMAND_TIMEOUT_MS * 6);

    expect(await pending).toEqual(['answered']);
  });

  it('should still give up on a Redis that does not answer, after the command timeout', async () => {
    const admin = new Redis(url);
    try {
      await admin.call('CLIENT', 'PAUSE', '1000', 'WRITE');
      const started = Date.now();
      const result = await redis.attempt((client) => client.set('stall:paused', 'x'));
      const waited = Date.now() - started;

      expect(result).toBeUndefined();
      expect(waited).toBeGreaterThanOrEqual(COMMAND_TIMEOUT_MS - 5);
      expect(waited).toBeLessThan(900);
    } finally {
      await admin.call('CLIENT', 'UNPAUSE');
      admin.disconnect();
    }
  });

  it('should stop waiting on a connected Redis that stopped answering, and use it again once it answers', async () => {
    const path = `/v1/incidents/${ids[0]}`;
    await gw.call(path);
    expect((await gw.call(path)).headers.get('cache-status')).toMatch(/hit/);

    const failuresBefore = redis.failures;
    server?.kill('SIGSTOP');
    try {
      for (const id of ids.slice(1, 11)) {
        const response = await gw.call(`/v1/incidents/${id}`);
        await response.arrayBuffer();
        expect(response.status).toBe(200);
      }
      // Ten misses make twenty and more Redis commands; only the first few wait for a timeout.
      expect(redis.failures - failuresBefore).toBeGreaterThanOrEqual(STALL_TIMEOUTS);
      expect(redis.failures - failuresBefore).toBeLessThanOrEqual(STALL_TIMEOUTS + 2);
      const health = await json(await gw.call('/health/ready', { key: null }));
      expect(health.details.redis).toEqual(
        expect.objectContaining({ status: 'degraded', state: 'unresponsive' }),
      );
    } finally {
      server?.kill('SIGCONT');
    }

    // A probe finds it answering again: what was served uncached during the stall is stored.
    let redisHealth: Record<string, unknown> = {};
    for (let i = 0; i < 50 && redisHealth.status !== 'up'; i++) {
      await sleep(100);
      redisHealth = (await json(await gw.call('/health/ready', { key: null }))).details.redis;
    }
    expect(redisHealth).toEqual(expect.objectContaining({ status: 'up' }));
    const stalledPath = `/v1/incidents/${ids[1]}`;
    expect((await gw.call(stalledPath)).headers.get('cache-status')).toMatch(/stored/);
    expect((await gw.call(stalledPath)).headers.get('cache-status')).toMatch(/hit/);
  });

  it('should shut down without waiting on a Redis it found silent', async () => {
    const own = await startTestGateway({
      env: { REDIS_URL: url, REDIS_COMMAND_TIMEOUT_MS: String(COMMAND_TIMEOUT_MS) },
      sharedSandbox: gw.sandbox,
    });
    const ownRedis = own.app.get(RedisService);
    server?.kill('SIGSTOP');
    try {
      for (let i = 0; i < STALL_TIMEOUTS; i++) {
        await ownRedis.attempt((client) => client.get('stall:probe'));
      }
      expect(ownRedis.state).toBe('unresponsive');
      const started = Date.now();
      await own.close();
      // A polite QUIT on each connection would wait for the 1 s backstop timeout.
      expect(Date.now() - started).toBeLessThan(900);
    } finally {
      server?.kill('SIGCONT');
    }
  });
});
