import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getJson, postJson, send, sleep, waitForHttp, del } from './http.js';
import { parseMetrics, type Sample } from './metrics.js';
import { freePort } from './ports.js';
import { whichPath, type Managed, type ProcessGroup } from './processes.js';

export const ORG_SECRET = 'bench-org-secret-0001';
export const USER_SECRET = 'bench-user-secret-0001';
export const API_KEY = 'bench-api-key-0123456789abcdef';
export const TENANT_COUNT = 10;
export const tenantId = (i: number): string => `t${i + 1}`;
export const instanceId = (i: number): string => String(1001 + i);

/** The environment every child starts from: nothing of the caller's shell leaks in. */
export function baseEnv(): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
    HOME: process.env.HOME ?? '/tmp',
    LANG: 'C.UTF-8',
  };
}

export interface SandboxCounters {
  total: number;
  byRoute: Record<string, number>;
  byStatus: Record<string, number>;
  instanceLookups: number;
  inFlight: number;
  maxInFlight: number;
}

/** The Cloud Elements sandbox as its own process, and its admin API. */
export class Sandbox {
  private constructor(
    readonly proc: Managed,
    readonly origin: string,
  ) {}

  static async start(group: ProcessGroup, dist: string): Promise<Sandbox> {
    const port = await freePort();
    const proc = group.start('sandbox', process.execPath, [join(dist, 'sandbox/main.js')], {
      env: {
        ...baseEnv(),
        SANDBOX_PORT: String(port),
        SANDBOX_HOST: '127.0.0.1',
        CE_ORG_SECRET: ORG_SECRET,
        CE_USER_SECRET: USER_SECRET,
        SANDBOX_INSTANCES: Array.from({ length: TENANT_COUNT }, (_, i) => instanceId(i)).join(','),
      },
    });
    const origin = `http://127.0.0.1:${port}`;
    await waitForHttp(`${origin}/__sandbox/counters`, { status: 200, alive: () => proc.alive });
    return new Sandbox(proc, origin);
  }

  get baseUrl(): string {
    return `${this.origin}/elements/api-v2`;
  }

  /** Clears faults, latency and counters: every scenario starts from the same sandbox state. */
  async reset(): Promise<void> {
    await del(`${this.origin}/__sandbox/faults`);
    await this.setLatency(0);
    await this.resetCounters();
  }

  async resetCounters(): Promise<void> {
    await postJson(`${this.origin}/__sandbox/counters/reset`, {});
  }

  counters(): Promise<SandboxCounters> {
    return getJson<SandboxCounters>(`${this.origin}/__sandbox/counters`);
  }

  async setLatency(ms: number): Promise<void> {
    await postJson(`${this.origin}/__sandbox/latency`, { ms });
  }

  async addFault(rule: Record<string, unknown>): Promise<string> {
    return (JSON.parse(await postJson(`${this.origin}/__sandbox/faults`, rule)) as { id: string })
      .id;
  }

  async clearFaults(): Promise<void> {
    await del(`${this.origin}/__sandbox/faults`);
  }

  /** The element token, read the way the gateway reads it (counts as an instance lookup). */
  async token(instance: string): Promise<string> {
    const body = await getJson<{ token: string }>(`${this.baseUrl}/instances/${instance}`, {
      authorization: `User ${USER_SECRET}, Organization ${ORG_SECRET}`,
    });
    return body.token;
  }

  async hubHeaders(instance: string): Promise<Record<string, string>> {
    return {
      authorization: `User ${USER_SECRET}, Organization ${ORG_SECRET}, Element ${await this.token(instance)}`,
      accept: 'application/json',
    };
  }

  /** Object ids of the instance's seeded incidents. */
  async incidentIds(instance: string): Promise<string[]> {
    const list = await getJson<{ ObjectID: string }[]>(
      `${this.baseUrl}/hubs/helpdesk/incidents?pageSize=200`,
      await this.hubHeaders(instance),
    );
    return list.map((i) => i.ObjectID);
  }
}

/** Calls to one hub route at the sandbox, e.g. `GET /hubs/helpdesk/incidents/{id}`. */
export function routeCalls(counters: SandboxCounters, key: string): number {
  return counters.byRoute[key] ?? 0;
}

export const INCIDENT_ROUTE = 'GET /hubs/helpdesk/incidents/{id}';
/** The gateway's own count of upstream GETs by id (hgw_upstream_requests_total labels). */
export const UPSTREAM_INCIDENT = { route: '/incidents/{id}', method: 'GET' };
export const COMMENT_POST_ROUTE = 'POST /hubs/helpdesk/incidents/{id}/comments';

export interface GatewayOptions {
  redisUrl: string;
  keyPrefix: string;
  env?: Record<string, string>;
  /** Extra node flags (--cpu-prof). */
  nodeArgs?: string[];
  name?: string;
}

/**
 * The heap limit the container image sets (Dockerfile `NODE_OPTIONS`). Without it V8 sizes the heap
 * from this machine's memory and lets garbage grow to several times the live set before its first
 * full collection, which is not how the gateway runs in its 512Mi pod.
 */
export const GATEWAY_NODE_OPTIONS = '--max-old-space-size=384';

/** The gateway in production mode, as its own process (`node dist/main.js`). */
export class Gateway {
  private constructor(
    readonly proc: Managed,
    readonly origin: string,
  ) {}

  static async start(
    group: ProcessGroup,
    dist: string,
    sandbox: Sandbox,
    options: GatewayOptions,
  ): Promise<Gateway> {
    const port = await freePort();
    const tenants = Object.fromEntries(
      Array.from({ length: TENANT_COUNT }, (_, i) => [tenantId(i), { instanceId: instanceId(i) }]),
    );
    const env: NodeJS.ProcessEnv = {
      ...baseEnv(),
      NODE_ENV: 'production',
      NODE_OPTIONS: GATEWAY_NODE_OPTIONS,
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: 'info',
      CE_BASE_URL: sandbox.baseUrl,
      CE_ORG_SECRET: ORG_SECRET,
      CE_USER_SECRET: USER_SECRET,
      CE_TENANTS: JSON.stringify(tenants),
      GATEWAY_CLIENTS: JSON.stringify([
        {
          id: 'bench',
          apiKey: API_KEY,
          tenants: Object.keys(tenants),
          scopes: ['helpdesk:read', 'helpdesk:write'],
        },
      ]),
      REDIS_URL: options.redisUrl,
      REDIS_KEY_PREFIX: options.keyPrefix,
      // The limiter stays on (as in production) with budgets no benchmark can use up.
      RATE_LIMIT_WINDOW_SECONDS: '1',
      RATE_LIMIT_PER_CLIENT: '10000000',
      RATE_LIMIT_PER_TENANT: '100000000',
      ...options.env,
    };
    const proc = group.start(
      options.name ?? 'gateway',
      process.execPath,
      [...(options.nodeArgs ?? []), join(dist, 'main.js')],
      { env },
    );
    const origin = `http://127.0.0.1:${port}`;
    try {
      await waitForHttp(`${origin}/health/live`, {
        status: 200,
        timeoutMs: 60_000,
        alive: () => proc.alive,
      });
    } catch (error) {
      throw new Error(`${String(error)}\n--- gateway log ---\n${proc.tail()}`, { cause: error });
    }
    return new Gateway(proc, origin);
  }

  async metrics(): Promise<Sample[]> {
    const answer = await send(`${this.origin}/metrics`);
    return parseMetrics(answer.text);
  }

  /** SIGTERM and wait; the gateway drains and exits 0. */
  async stop(): Promise<void> {
    await this.proc.stop(15_000);
  }
}

export function gatewayHeaders(tenant = tenantId(0)): Record<string, string> {
  return { 'x-api-key': API_KEY, 'x-tenant-id': tenant, accept: 'application/json' };
}

/** A private redis-server on a free port (never the machine's shared one), for the kill drill. */
export class PrivateRedis {
  proc?: Managed;

  private constructor(
    private readonly group: ProcessGroup,
    readonly port: number,
    private readonly dir: string,
    private readonly name: string,
  ) {}

  static async start(
    group: ProcessGroup,
    logDir: string,
    name = 'redis-private',
  ): Promise<PrivateRedis> {
    const binary = whichPath('redis-server');
    if (!binary) {
      throw new Error('redis-server is not installed (apt-get install -y redis-server)');
    }
    const dir = join(logDir, name);
    mkdirSync(dir, { recursive: true });
    const redis = new PrivateRedis(group, await freePort(), dir, name);
    await redis.launch();
    return redis;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async launch(): Promise<void> {
    this.proc = this.group.start(
      this.name,
      whichPath('redis-server') as string,
      [
        '--port',
        String(this.port),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--appendonly',
        'no',
        '--dir',
        this.dir,
        '--protected-mode',
        'yes',
      ],
      { env: baseEnv() },
    );
    const until = Date.now() + 10_000;
    while (Date.now() < until) {
      if (await redisPing(this.port)) {
        return;
      }
      if (!this.proc.alive) {
        break;
      }
      await sleep(50);
    }
    throw new Error(`private redis-server did not start:\n${this.proc.tail()}`);
  }

  /** SIGKILL: the way a crashed Redis goes, without a chance to say goodbye. */
  async kill(): Promise<void> {
    this.proc?.signal('SIGKILL');
    await this.proc?.exited;
  }

  async stop(): Promise<void> {
    await this.proc?.stop(3000);
  }
}

/** PING over a raw socket; true when Redis answers +PONG. */
export async function redisPing(port: number, host = '127.0.0.1'): Promise<boolean> {
  const { createConnection } = await import('node:net');
  return new Promise((resolve) => {
    const socket = createConnection({ port, host });
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => done(data.toString().startsWith('+PONG')));
  });
}

/** Deletes this run's keys (and only those) from a Redis: SCAN MATCH <prefix>* + UNLINK. */
export async function deleteKeys(redisUrl: string, pattern: string): Promise<number> {
  const { Redis } = await import('ioredis');
  const client = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await client.connect();
    let cursor = '0';
    let deleted = 0;
    do {
      const [next, keys] = await client.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) {
        deleted += await client.unlink(...keys);
      }
    } while (cursor !== '0');
    return deleted;
  } finally {
    client.disconnect();
  }
}

export interface ReferenceServer {
  origin: string;
  proc: Managed;
}

/** A bare node:http server answering fixed bytes from memory: the hit path's upper bound. */
export function startBareServer(
  group: ProcessGroup,
  body: string,
  contentType: string,
): Promise<ReferenceServer> {
  return startReference(group, 'bare-server', { BODY: body, CONTENT_TYPE: contentType });
}

/** A bare node:http proxy making one upstream GET per request: the miss path's upper bound. */
export function startBareProxy(
  group: ProcessGroup,
  upstreamUrl: string,
  authorization: string,
): Promise<ReferenceServer> {
  return startReference(group, 'bare-proxy', {
    UPSTREAM_URL: upstreamUrl,
    UPSTREAM_AUTHORIZATION: authorization,
  });
}

/** One of bench/servers on a free port, once it answers GET / with 200. */
async function startReference(
  group: ProcessGroup,
  name: string,
  env: Record<string, string>,
): Promise<ReferenceServer> {
  const port = await freePort();
  const script = fileURLToPath(new URL(`../servers/${name}.js`, import.meta.url));
  const proc = group.start(name, process.execPath, [script], {
    env: { ...baseEnv(), PORT: String(port), ...env },
  });
  const origin = `http://127.0.0.1:${port}`;
  await waitForHttp(`${origin}/`, { status: 200, alive: () => proc.alive });
  return { origin, proc };
}

/** Debian's nginx, installed with apt-get when it is missing. */
export function ensureNginx(log: (line: string) => void): string {
  const found = whichPath('nginx');
  if (found) {
    return found;
  }
  log('nginx is not installed: apt-get install -y nginx');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const update = spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  if (update.status !== 0) {
    throw new Error('apt-get update failed, so nginx cannot be installed');
  }
  spawnSync('apt-get', ['install', '-y', '-qq', 'nginx'], { stdio: 'inherit', env });
  const installed = whichPath('nginx');
  if (!installed) {
    throw new Error('nginx could not be installed with apt-get');
  }
  // The package starts a system nginx on port 80; the benchmark starts its own, so stop that one.
  spawnSync(installed, ['-s', 'quit'], { stdio: 'ignore' });
  return installed;
}

/**
 * nginx with proxy_cache in front of the sandbox: one worker (the gateway is one Node process),
 * keep-alive to the upstream, the cache key including the Authorization header (per caller, as the
 * gateway caches per tenant), `proxy_cache_lock` on.
 */
export async function startNginx(
  group: ProcessGroup,
  binary: string,
  upstream: string,
  logDir: string,
): Promise<{ origin: string; proc: Managed }> {
  const port = await freePort();
  const dir = join(logDir, 'nginx');
  mkdirSync(join(dir, 'cache'), { recursive: true });
  mkdirSync(join(dir, 'temp'), { recursive: true });
  const upstreamHost = new URL(upstream).host;
  const conf = `
${process.getuid?.() === 0 ? 'user root;' : ''}
worker_processes 1;
daemon off;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path ${dir}/temp/body;
  proxy_temp_path ${dir}/temp/proxy;
  fastcgi_temp_path ${dir}/temp/fastcgi;
  uwsgi_temp_path ${dir}/temp/uwsgi;
  scgi_temp_path ${dir}/temp/scgi;
  proxy_cache_path ${dir}/cache levels=1:2 keys_zone=bench:10m max_size=100m inactive=1h use_temp_path=off;
  upstream sandbox { server ${upstreamHost}; keepalive 64; }
  server {
    listen 127.0.0.1:${port};
    keepalive_requests 1000000;
    location = /nginx-ready { return 200 "ok"; }
    location / {
      proxy_pass http://sandbox;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_cache bench;
      proxy_cache_key "$request_uri $http_authorization";
      proxy_cache_valid 200 1h;
      proxy_cache_lock on;
      proxy_ignore_headers Cache-Control Expires Set-Cookie;
    }
  }
}
`;
  const confFile = join(dir, 'nginx.conf');
  writeFileSync(confFile, conf);
  const proc = group.start('nginx', binary, ['-c', confFile, '-p', dir], { env: baseEnv() });
  const origin = `http://127.0.0.1:${port}`;
  try {
    await waitForHttp(`${origin}/nginx-ready`, { status: 200, alive: () => proc.alive });
  } catch (error) {
    throw new Error(`${String(error)}\n${proc.tail()}`, { cause: error });
  }
  return { origin, proc };
}
