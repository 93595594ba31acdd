import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { freePort, redisAnswers } from '../support/global-setup.js';
import { startTestGateway } from '../support/test-gateway.js';

describe('Redis Cluster', () => {
  let node: ChildProcess | undefined;

  afterAll(() => {
    node?.kill('SIGKILL');
  });

  it('should cache, coalesce and invalidate through a cluster client', async () => {
    const port = await freePort();
    const dir = mkdtempSync(join(tmpdir(), 'hgw-cluster-'));
    node = spawn(
      'redis-server',
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--appendonly',
        'no',
        '--dir',
        dir,
        '--cluster-enabled',
        'yes',
        '--cluster-config-file',
        'nodes.conf',
        '--cluster-announce-ip',
        '127.0.0.1',
      ],
      { stdio: 'ignore' },
    );
    for (let i = 0; i < 50 && !(await redisAnswers(`redis://127.0.0.1:${port}`)); i++) {
      await new Promise((r) => setTimeout(r, 100));
    }
    // A one-node cluster: this node serves every slot.
    const admin = new Redis(port, '127.0.0.1');
    await admin.call('CLUSTER', 'ADDSLOTSRANGE', '0', '16383');
    for (
      let i = 0;
      i < 50 && !String(await admin.call('CLUSTER', 'INFO')).includes('cluster_state:ok');
      i++
    ) {
      await new Promise((r) => setTimeout(r, 100));
    }
    await admin.quit();

    const gw = await startTestGateway({
      env: { REDIS_URL: 'redis://127.0.0.1:1', REDIS_CLUSTER_NODES: `127.0.0.1:${port}` },
    });
    try {
      const redisErrors = async (): Promise<string | undefined> =>
        /^hgw_redis_errors_total (\d+)/m.exec(
          await (await gw.call('/metrics', { key: null })).text(),
        )?.[1];
      // Counted before any request: a failed slot refresh while the cluster settles may be in it.
      const errorsAtStart = await redisErrors();
      const id = gw.sandbox.store('1001').incidents.list()[0]!.ObjectID;
      expect((await gw.call(`/v1/incidents/${id}`)).headers.get('cache-status')).toMatch(
        /fwd=miss; stored/,
      );
      const hit = await gw.call(`/v1/incidents/${id}`);
      expect(hit.headers.get('cache-status')).toMatch(/hit/);
      // The rate limit script works on the cluster too (a cross-slot script would fail open).
      expect(hit.headers.get('ratelimit-limit')).not.toBeNull();
      const patch = await gw.call(`/v1/incidents/${id}`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ subject: 'Changed through the cluster' }),
      });
      expect(patch.status).toBe(200);
      const after = await gw.call(`/v1/incidents/${id}`);
      expect(after.headers.get('cache-status')).not.toMatch(/hit/);
      expect(((await after.json()) as { subject: string }).subject).toBe(
        'Changed through the cluster',
      );
      // No command failed, also none batched with the rate limit script.
      expect(await redisErrors()).toBe(errorsAtStart);
    } finally {
      await gw.close();
    }
  });
});
