import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, redisAnswers, startRedisServer } from '../support/global-setup.js';
import { startTestGateway } from '../support/test-gateway.js';

describe('Redis through Sentinel', () => {
  const children: ChildProcess[] = [];

  afterAll(() => {
    for (const child of children) {
      child.kill('SIGKILL');
    }
  });

  it('should find the master through a sentinel and cache with it', async () => {
    const masterPort = await freePort();
    const master = await startRedisServer(masterPort);
    children.push(master.child as ChildProcess);
    const sentinelPort = await freePort();
    const dir = mkdtempSync(join(tmpdir(), 'hgw-sentinel-'));
    const conf = join(dir, 'sentinel.conf');
    writeFileSync(
      conf,
      [
        `port ${sentinelPort}`,
        'bind 127.0.0.1',
        `dir ${dir}`,
        `sentinel monitor gwmaster 127.0.0.1 ${masterPort} 1`,
        '',
      ].join('\n'),
    );
    const sentinel = spawn('redis-server', [conf, '--sentinel'], { stdio: 'ignore' });
    children.push(sentinel);
    for (let i = 0; i < 50 && !(await redisAnswers(`redis://127.0.0.1:${sentinelPort}`)); i++) {
      await new Promise((r) => setTimeout(r, 100));
    }

    const gw = await startTestGateway({
      env: {
        REDIS_URL: 'redis://127.0.0.1:1',
        REDIS_SENTINELS: `127.0.0.1:${sentinelPort}`,
        REDIS_SENTINEL_NAME: 'gwmaster',
      },
    });
    try {
      const ready = await (await gw.call('/health/ready', { key: null })).json();
      expect((ready as { details: { redis: { status: string } } }).details.redis.status).toBe('up');
      await gw.call('/v1/incident-priorities');
      const second = await gw.call('/v1/incident-priorities');
      expect(second.headers.get('cache-status')).toMatch(/hit/);
    } finally {
      await gw.close();
    }
  });
});
