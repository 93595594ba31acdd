import type { ChildProcess } from 'node:child_process';
import { Redis } from 'ioredis';
import {
  freePort,
  redisAnswers,
  startRedisServer,
  stopRedisServer,
} from '../support/global-setup.js';
import { writeJson } from '../support/record-collections.js';
import { incidentIds, json, startTestGateway, type TestGateway } from '../support/test-gateway.js';

const COMMAND_TIMEOUT_MS = 100;

describe('Redis outage', () => {
  let gw: TestGateway;
  let port: number;
  let redis: ChildProcess | undefined;
  let ids: string[];

  const timedGet = async (
    id: string,
  ): Promise<{ status: number; ms: number; cache: string | null }> => {
    const started = Date.now();
    const response = await gw.call(`/v1/incidents/${id}`);
    await response.arrayBuffer();
    return {
      status: response.status,
      ms: Date.now() - started,
      cache: response.headers.get('cache-status'),
    };
  };

  beforeAll(async () => {
    port = await freePort();
    redis = (await startRedisServer(port)).child;
    gw = await startTestGateway({
      env: {
        REDIS_URL: `redis://127.0.0.1:${port}`,
        REDIS_COMMAND_TIMEOUT_MS: String(COMMAND_TIMEOUT_MS),
      },
    });
    ids = incidentIds(gw.sandbox).slice(0, 10);
  });

  afterAll(async () => {
    await gw.close();
    await stopRedisServer(redis);
  });

  it('should keep serving 2xx without slow requests while Redis is down, and recover the hit ratio after', async () => {
    gw.sandbox.setLatency(20);
    for (const id of ids) {
      await timedGet(id);
    }
    const warm = await Promise.all(ids.map(timedGet));
    expect(warm.every((r) => r.cache?.includes('hit'))).toBe(true);

    await stopRedisServer(redis);
    const during = [];
    for (let round = 0; round < 3; round++) {
      during.push(...(await Promise.all(ids.map(timedGet))));
    }
    expect(during.every((r) => r.status === 200)).toBe(true);
    // Upstream time (20 ms latency, a few calls per incident) plus at most one Redis timeout.
    expect(Math.max(...during.map((r) => r.ms))).toBeLessThan(COMMAND_TIMEOUT_MS + 600);

    redis = (await startRedisServer(port)).child;
    expect(await redisAnswers(`redis://127.0.0.1:${port}`)).toBe(true);
    const reconnectBy = Date.now() + 5000;
    let after: Awaited<ReturnType<typeof timedGet>>[] = [];
    while (Date.now() < reconnectBy) {
      await Promise.all(ids.map(timedGet));
      after = await Promise.all(ids.map(timedGet));
      if (after.every((r) => r.cache?.includes('hit'))) {
        break;
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    const hitRatio = after.filter((r) => r.cache?.includes('hit')).length / after.length;
    expect(hitRatio).toBeGreaterThanOrEqual(0.9);
  });

  it('should never serve the old value after a write whose invalidation Redis missed, then or after', async () => {
    gw.sandbox.setLatency(0);
    const id = ids[0] as string;
    const read = async () => {
      const response = await gw.call(`/v1/incidents/${id}`);
      return {
        cache: response.headers.get('cache-status'),
        subject: (await json(response)).subject,
      };
    };
    await read();
    const before = await read();
    expect(before.cache).toMatch(/hit/);
    const admin = new Redis(`redis://127.0.0.1:${port}`);
    try {
      // Writes wait (the bump times out), reads go on: Redis still holds the old entry.
      await admin.call('CLIENT', 'PAUSE', '1500', 'WRITE');
      const patched = await writeJson(gw, 'PATCH', `/v1/incidents/${id}`, {
        subject: 'Written while Redis took no writes',
      });
      expect(patched.status).toBe(200);

      const during = await read();
      await new Promise((resolve) => setTimeout(resolve, 1700));
      const after = await read();
      const later = await read();

      for (const seen of [during, after, later]) {
        expect(seen.subject).toBe('Written while Redis took no writes');
      }
      expect(later.cache).toMatch(/hit/);
    } finally {
      await admin.call('CLIENT', 'UNPAUSE');
      admin.disconnect();
    }
  });
});
