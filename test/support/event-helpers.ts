import { spawn, type ChildProcess } from 'node:child_process';
import { createHmac, randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { freePort, redisAnswers } from './global-setup.js';
import type { TestGateway } from './test-gateway.js';

/** Webhook signature keys of the standard event tests (globex has none: it refuses webhooks). */
export const WEBHOOK_SECRETS = {
  acme: 'acme-webhook-secret-0123456789',
  globex: 'globex-webhook-secret-0123456789',
};

/** Event settings for tests: fast heartbeats; webhook keys for the given tenants (default acme). */
export function eventsEnv(
  extra: Record<string, string> = {},
  tenantsWithKeys: (keyof typeof WEBHOOK_SECRETS)[] = ['acme'],
): Record<string, string> {
  const secrets = Object.fromEntries(tenantsWithKeys.map((t) => [t, WEBHOOK_SECRETS[t]]));
  return {
    CE_WEBHOOK_SECRETS: JSON.stringify(secrets),
    EVENTS_SSE_HEARTBEAT_SECONDS: '1',
    ...extra,
  };
}

export function sign(body: string, key: string = WEBHOOK_SECRETS.acme): string {
  return `sha256=${createHmac('sha256', key).update(body).digest('base64')}`;
}

/** A normalized-events notification body for the given changes. */
export function notification(
  events: { objectType: string; objectId?: string; eventType?: string }[],
): Record<string, unknown> {
  return {
    message: {
      eventId: randomUUID(),
      elementKey: 'sapc4chd',
      events: events.map((event) => ({
        eventType: 'UPDATED',
        elementKey: 'sapc4chd',
        date: new Date().toISOString(),
        ...event,
      })),
    },
  };
}

export interface WebhookPost {
  tenant?: string;
  body: unknown;
  /** Default: a new id. */
  webhookId?: string | null;
  /** Default: the right signature for the body; null sends none. */
  signature?: string | null;
  headers?: Record<string, string>;
}

/** POSTs a notification to the gateway's webhook as Cloud Elements would. */
export function postWebhook(gw: { url: string }, post: WebhookPost): Promise<Response> {
  const text = typeof post.body === 'string' ? post.body : JSON.stringify(post.body);
  const headers: Record<string, string> = { 'content-type': 'application/json', ...post.headers };
  const webhookId = post.webhookId === undefined ? randomUUID() : post.webhookId;
  if (webhookId !== null) {
    headers['elements-webhook-id'] = webhookId;
  }
  const signature = post.signature === undefined ? sign(text) : post.signature;
  if (signature !== null) {
    headers['elements-webhook-signature'] = signature;
  }
  return fetch(`${gw.url}/webhooks/cloud-elements/${post.tenant ?? 'acme'}`, {
    method: 'POST',
    headers,
    body: text,
  });
}

/** Points the sandbox instance's notifications at the gateway's webhook for the tenant. */
export function connectSandbox(
  gw: { url: string; sandbox: TestGateway['sandbox'] },
  instanceId = '1001',
  tenant: keyof typeof WEBHOOK_SECRETS = 'acme',
): void {
  gw.sandbox.notifications.configure(instanceId, {
    callbackUrl: `${gw.url}/webhooks/cloud-elements/${tenant}`,
    signatureKey: WEBHOOK_SECRETS[tenant],
    batchMs: 5,
  });
}

/** A direct Redis client, to look at what the gateway wrote under its key prefix. */
export async function inspectRedis(gw: TestGateway): Promise<Redis> {
  const client = new Redis(gw.config.redis.url, {
    keyPrefix: gw.config.redis.keyPrefix,
    lazyConnect: true,
  });
  await client.connect();
  return client;
}

export async function streamLength(redis: Redis, tenant: string): Promise<number> {
  return redis.xlen(`ev:{${tenant}}:stream`);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Retries the check until it passes or the time is up (then throws its last failure). */
export async function eventually<T>(check: () => T | Promise<T>, timeoutMs = 3000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > until) {
        throw error;
      }
      await sleep(25);
    }
  }
}

/** GETs the path twice so the second answer is a cache hit, and checks that it is. */
export async function warmCache(gw: TestGateway, path: string, tenant?: string): Promise<void> {
  await gw.call(path, { tenant });
  await expectHit(gw, path, tenant);
}

export async function expectHit(gw: TestGateway, path: string, tenant?: string): Promise<void> {
  const response = await gw.call(path, { tenant });
  await response.arrayBuffer();
  expect(response.headers.get('cache-status')).toMatch(/^helpdesk-gateway; hit/);
}

export async function expectFresh(
  gw: TestGateway,
  path: string,
  tenant?: string,
): Promise<Response> {
  const response = await gw.call(path, { tenant });
  expect(response.status).toBe(200);
  expect(response.headers.get('cache-status')).toMatch(/^helpdesk-gateway; fwd=miss/);
  return response;
}

/** A one-node Redis Cluster (the node serves every slot) for REDIS_CLUSTER_NODES. */
export async function startOneNodeCluster(): Promise<{ nodes: string; child: ChildProcess }> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'hgw-events-cluster-'));
  const child = spawn(
    'redis-server',
    [
      ...['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      ...['--dir', dir, '--cluster-enabled', 'yes', '--cluster-config-file', 'nodes.conf'],
      ...['--cluster-announce-ip', '127.0.0.1'],
    ],
    { stdio: 'ignore' },
  );
  for (let i = 0; i < 50 && !(await redisAnswers(`redis://127.0.0.1:${port}`)); i++) {
    await sleep(100);
  }
  const admin = new Redis(port, '127.0.0.1');
  await admin.call('CLUSTER', 'ADDSLOTSRANGE', '0', '16383');
  for (
    let i = 0;
    i < 50 && !String(await admin.call('CLUSTER', 'INFO')).includes('cluster_state:ok');
    i++
  ) {
    await sleep(100);
  }
  await admin.quit();
  return { nodes: `127.0.0.1:${port}`, child };
}
