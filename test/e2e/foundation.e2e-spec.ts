import { jest } from '@jest/globals';
import { createApp } from '../../src/app.factory.js';
import { ConfigValidationError } from '../../src/config/config-validation.error.js';
import { startEmbeddedSandbox } from '../../src/embedded-sandbox.js';
import { listenOn } from '../../src/lifecycle/listen.js';
import {
  ORG_SECRET,
  USER_SECRET,
  json,
  startTestGateway,
  type TestGateway,
} from '../support/test-gateway.js';

describe('Foundation: shell, upstream client and sandbox', () => {
  let gw: TestGateway;
  let startWarnings: unknown[][] = [];

  beforeAll(async () => {
    // Node's 'warning' event fires on the real process, not Jest's copy: spy on the emitter.
    const emitWarning = jest.spyOn(process, 'emitWarning');
    try {
      gw = await startTestGateway();
    } finally {
      startWarnings = emitWarning.mock.calls.map((call) => [...call]);
      emitWarning.mockRestore();
    }
  });

  afterAll(async () => {
    await gw.close();
  });

  beforeEach(() => {
    gw.sandbox.counters.reset();
    gw.sandbox.requests.clear();
    gw.sandbox.faults.clear();
  });

  it('should start without a process warning (a deprecated option, an overridden error handler)', () => {
    expect(startWarnings).toEqual([]);
  });

  it('should serve GET /v1/incidents as { data, page } from the sandbox', async () => {
    const response = await gw.call('/v1/incidents?limit=5');
    expect(response.status).toBe(200);
    const body = await json(response);
    expect(body.data).toHaveLength(5);
    expect(body.page).toEqual({ limit: 5, nextCursor: expect.any(String) });
    expect(body.data[0]).toEqual(
      expect.objectContaining({
        id: expect.stringMatching(/^[0-9A-F]{32}$/),
        createdAt: expect.any(String),
      }),
    );
  });

  it('should echo a sane X-Request-Id and send it upstream', async () => {
    const response = await gw.call('/v1/incidents?limit=1', {
      headers: { 'x-request-id': 'trace-123:abc' },
    });
    expect(response.headers.get('x-request-id')).toBe('trace-123:abc');
    const upstream = gw.sandbox.requests
      .list()
      .filter((r) => r.path.includes('/hubs/helpdesk/incidents'));
    expect(upstream.length).toBeGreaterThan(0);
    expect(upstream.every((r) => r.headers['x-request-id'] === 'trace-123:abc')).toBe(true);
  });

  it.each(['', 'x'.repeat(129), 'has space', 'semi;colon', 'ünï'])(
    'should replace the unusable X-Request-Id %j with a new one',
    async (given) => {
      const response = await gw.call('/v1/incidents?limit=1', {
        headers: { 'x-request-id': given },
      });
      const id = response.headers.get('x-request-id');
      expect(id).toMatch(/^[A-Za-z0-9._:-]{1,128}$/);
      expect(id).not.toBe(given);
    },
  );

  it('should look the element token up once for many concurrent requests', async () => {
    const fresh = await startTestGateway({ sharedSandbox: gw.sandbox });
    try {
      gw.sandbox.counters.reset();
      const responses = await Promise.all(
        Array.from({ length: 30 }, () => fresh.call('/v1/incidents?limit=1')),
      );
      expect(responses.map((r) => r.status)).toEqual(Array(30).fill(200));
      expect(gw.sandbox.counters.snapshot().instanceLookups).toBe(1);
    } finally {
      await fresh.close();
    }
  });

  it('should survive a token rotation with one fresh lookup and no error for the caller', async () => {
    expect((await gw.call('/v1/incidents?limit=1')).status).toBe(200);
    gw.sandbox.rotateToken('1001');
    gw.sandbox.counters.reset();
    const response = await gw.call('/v1/incidents?limit=1', {
      headers: { 'cache-control': 'no-cache' },
    });
    expect(response.status).toBe(200);
    expect(gw.sandbox.counters.snapshot().instanceLookups).toBe(1);
  });

  it('should answer 504 UPSTREAM_TIMEOUT when the upstream hangs past the attempt timeout', async () => {
    const fast = await startTestGateway({
      sharedSandbox: gw.sandbox,
      env: { UPSTREAM_ATTEMPT_TIMEOUT_MS: '300', REQUEST_DEADLINE_MS: '600' },
    });
    try {
      await fast.call('/v1/incidents?limit=1');
      gw.sandbox.faults.add({ path: '/hubs/helpdesk/incidents', hang: true });
      const started = Date.now();
      const response = await fast.call('/v1/incidents?limit=1&q=never-cached');
      expect(response.status).toBe(504);
      expect(response.headers.get('x-error-code')).toBe('UPSTREAM_TIMEOUT');
      expect(Date.now() - started).toBeLessThan(2000);
    } finally {
      await fast.close();
    }
  });
});

describe('Embedded default', () => {
  it('should start the sandbox with tenant demo and the dev client when CE_BASE_URL is unset', async () => {
    const embedded = await startEmbeddedSandbox({ NODE_ENV: 'development' });
    expect(embedded).toBeDefined();
    const { app, config } = await createApp({
      NODE_ENV: 'development',
      LOG_LEVEL: 'silent',
      REDIS_URL: process.env.REDIS_URL,
      ...embedded?.env,
    });
    try {
      expect([...config.tenants.keys()]).toEqual(['demo']);
      await app.listen({ port: 0, host: '127.0.0.1' });
      const address = app.getHttpServer().address();
      const port = typeof address === 'object' && address ? address.port : 0;
      const response = await fetch(`http://127.0.0.1:${port}/v1/incidents`, {
        headers: { 'x-api-key': 'dev-key' },
      });
      expect(response.status).toBe(200);
      const body = await json(response);
      expect(body.data.length).toBe(25);
    } finally {
      await app.close();
      await embedded?.sandbox.close();
    }
  });

  it('should refuse to start in production without CE_BASE_URL', async () => {
    expect(await startEmbeddedSandbox({ NODE_ENV: 'production' })).toBeUndefined();
    await expect(
      createApp({
        NODE_ENV: 'production',
        CE_ORG_SECRET: 'org-secret-123',
        CE_USER_SECRET: 'user-secret-123',
        CE_TENANTS: '{"demo":{"instanceId":"1001"}}',
      }),
    ).rejects.toThrow(ConfigValidationError);
  });
});

describe('Listening', () => {
  it('should name HOST and PORT when it cannot listen there, not crash with a stack', async () => {
    const taken = await startTestGateway();
    const { app, config } = await createApp({
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      REDIS_URL: process.env.REDIS_URL,
      CE_BASE_URL: taken.sandbox.url,
      CE_ORG_SECRET: ORG_SECRET,
      CE_USER_SECRET: USER_SECRET,
      CE_TENANTS: '{"demo":{"instanceId":"1001"}}',
    });
    try {
      const port = Number(new URL(taken.url).port);
      await expect(listenOn(app, '127.0.0.1', port)).rejects.toThrow(
        new RegExp(`HOST, PORT: cannot listen on 127\\.0\\.0\\.1:${port} \\(.*EADDRINUSE`),
      );
      await expect(listenOn(app, 'no-such-host.invalid', config.app.port)).rejects.toThrow(
        /HOST, PORT: cannot listen on no-such-host\.invalid:\d+ \(.*(ENOTFOUND|EAI_AGAIN)/,
      );
    } finally {
      await app.close();
      await taken.close();
    }
  });
});
