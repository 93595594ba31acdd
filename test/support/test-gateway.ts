import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomBytes } from 'node:crypto';
import type { DestinationStream } from 'pino';
import { createApp } from '../../src/app.factory.js';
import type { GatewayConfig } from '../../src/config/gateway-config.js';
import type { Environment } from '../../src/config/load-config.js';
import { RedisTracking } from '../../src/redis/redis-tracking.js';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../src/sandbox/sandbox.js';

export const ORG_SECRET = 'test-org-secret-4f1c9a';
export const USER_SECRET = 'test-user-secret-8b2d7e';

/** API keys of the standard test callers. */
export const KEYS = {
  internal: 'internal-key-0123456789',
  reader: 'reader-key-0123456789ab',
  writer: 'writer-key-0123456789ab',
} as const;

export const TEST_CLIENTS = [
  {
    id: 'svc-internal',
    apiKey: KEYS.internal,
    tenants: ['acme', 'globex'],
    scopes: ['helpdesk:read', 'helpdesk:write'],
    internal: true,
  },
  { id: 'svc-reader', apiKey: KEYS.reader, tenants: ['acme'], scopes: ['helpdesk:read'] },
  {
    id: 'svc-writer',
    apiKey: KEYS.writer,
    tenants: ['acme'],
    scopes: ['helpdesk:read', 'helpdesk:write'],
  },
];

export const TEST_TENANTS = { acme: { instanceId: '1001' }, globex: { instanceId: '1002' } };

export interface TestGateway {
  app: NestFastifyApplication;
  config: GatewayConfig;
  sandbox: Sandbox;
  url: string;
  /** fetch against the gateway; `key` picks a standard caller (default internal), null sends none. */
  call(
    path: string,
    init?: RequestInit & { key?: keyof typeof KEYS | null; tenant?: string },
  ): Promise<Response>;
  close(): Promise<void>;
}

export interface TestGatewayOptions {
  env?: Environment;
  sandbox?: Partial<SandboxOptions>;
  /** Reuse a running sandbox (e.g. two gateways in front of one upstream). */
  sharedSandbox?: Sandbox;
  /** Receives every log line instead of stdout (set LOG_LEVEL in env to see them). */
  logs?: DestinationStream;
}

/** Starts a sandbox and a gateway in front of it on free loopback ports, with a private Redis key prefix. */
export async function startTestGateway(options: TestGatewayOptions = {}): Promise<TestGateway> {
  const sandbox =
    options.sharedSandbox ??
    (await startSandbox({
      port: 0,
      orgSecret: ORG_SECRET,
      userSecret: USER_SECRET,
      instances: [{ id: '1001' }, { id: '1002' }],
      ...options.sandbox,
    }));
  const { app, config } = await createApp(
    {
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      REDIS_URL: process.env.REDIS_URL,
      REDIS_KEY_PREFIX: `t:${randomBytes(6).toString('hex')}:`,
      CE_BASE_URL: sandbox.url,
      CE_ORG_SECRET: ORG_SECRET,
      CE_USER_SECRET: USER_SECRET,
      CE_TENANTS: JSON.stringify(TEST_TENANTS),
      GATEWAY_CLIENTS: JSON.stringify(TEST_CLIENTS),
      ...options.env,
    },
    { logDestination: options.logs },
  );
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.getHttpServer().address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return {
    app,
    config,
    sandbox,
    url,
    call: (path, init = {}) => {
      const { key = 'internal', tenant, headers, ...rest } = init;
      const merged = new Headers(headers);
      if (key !== null && !merged.has('x-api-key')) {
        merged.set('x-api-key', KEYS[key]);
      }
      if (tenant !== undefined) {
        merged.set('x-tenant-id', tenant);
      }
      if (key === 'internal' && tenant === undefined && !merged.has('x-tenant-id')) {
        merged.set('x-tenant-id', 'acme');
      }
      return fetch(`${url}${path}`, { ...rest, headers: merged });
    },
    close: async () => {
      // A connection the test client keeps alive must not hold the close up (the server would
      // wait for the client's idle timeout); in-flight answers have had their time by then.
      const server = app.getHttpServer();
      const force = setTimeout(() => server.closeAllConnections(), 2000);
      await bounded(app.close(), 'gateway');
      clearTimeout(force);
      if (!options.sharedSandbox) {
        await bounded(sandbox.close(), 'sandbox');
      }
    },
  };
}

/**
 * A teardown that takes over 15 s is reported and no longer awaited, so it cannot fail the file
 * through Jest's hook timeout (a close under heavy load has twice taken over 30 s, cause unknown).
 */
async function bounded(closing: Promise<void>, what: string): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = await Promise.race([
    closing.then(() => false),
    new Promise<true>((resolve) => {
      timer = setTimeout(() => resolve(true), 15_000);
    }),
  ]);
  clearTimeout(timer);
  if (late) {
    process.stderr.write(`Closing the test ${what} took over 15 s; not waiting for it.\n`);
  }
}

/** Reads a JSON body, failing the test with the text when it is not JSON. */
/** The ObjectIDs of an instance's seeded incidents, in the sandbox's order. */
export function incidentIds(sandbox: Sandbox, instanceId = '1001'): string[] {
  return sandbox
    .store(instanceId)
    .incidents.list()
    .map((r) => r.ObjectID);
}

export async function json<T = Record<string, any>>(response: Response): Promise<T> {
  const text = await response.text();
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new Error(
      `Expected JSON from ${response.url} (${response.status}), got: ${text.slice(0, 200)}`,
    );
  }
}

/** In-process cache copies need Redis tracking, which starts in the background after start-up. */
export async function untilTracking(...gateways: TestGateway[]): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    if (gateways.every((gw) => gw.app.get(RedisTracking).tracking)) {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('Redis tracking did not start within 5 s');
}
