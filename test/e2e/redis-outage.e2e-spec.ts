import type { ChildProcess } from 'node:child_process';
import {
  freePort,
  redisAnswers,
  startRedisServer,
  stopRedisServer,
} from '../support/global-setup.js';
import { incidentIds, startTestGateway, type TestGateway } from '../support/test-gateway.js';

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
});
