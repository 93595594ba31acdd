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
      const id = gw.sandbox.store('1001').incidents.list()[0]!.ObjectID;
      expect((await gw.call(`/v1/incidents/${id}`)).headers.get('cache-status')).toMatch(
        /fwd=miss; stored/,
      );
      expect((await gw.call(`/v1/incidents/${id}`)).headers.get('cache-status')).toMatch(/hit/);
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
    } finally {
      await gw.close();
    }
  });
});
