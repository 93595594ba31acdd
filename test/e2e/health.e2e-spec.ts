import { Logger } from '@nestjs/common';
import { shutDown } from '../../src/lifecycle/graceful-shutdown.js';
import { expectProblem } from '../support/problem-assertions.js';
import { incidentIds, json, startTestGateway, type TestGateway } from '../support/test-gateway.js';

describe('Health', () => {
  let gw: TestGateway;

  beforeAll(async () => {
    gw = await startTestGateway();
  });

  afterAll(async () => {
    await gw.close();
  });

  it('should answer liveness without credentials or dependency checks', async () => {
    const response = await gw.call('/health/live', { key: null });
    expect(response.status).toBe(200);
    expect(await json(response)).toEqual(expect.objectContaining({ status: 'ok' }));
  });

  it('should be ready with Redis and every tenant’s upstream up, pinging at most every few seconds', async () => {
    gw.sandbox.counters.reset();
    const response = await gw.call('/health/ready', { key: null });
    expect(response.status).toBe(200);
    const body = await json(response);
    expect(body.details.redis.status).toBe('up');
    expect(body.details.lifecycle).toEqual({ status: 'up', draining: false });
    expect(body.details.upstream.tenants).toEqual({
      acme: expect.objectContaining({ status: 'up' }),
      globex: expect.objectContaining({ status: 'up' }),
    });
    await gw.call('/health/ready', { key: null });
    expect(gw.sandbox.counters.snapshot().byRoute['GET /hubs/helpdesk/ping']).toBe(2);
  });

  it('should be unready (503 problem with the checks) when Cloud Elements cannot be reached', async () => {
    const cut = await startTestGateway({
      sharedSandbox: gw.sandbox,
      env: { CE_BASE_URL: 'http://127.0.0.1:9/elements/api-v2' },
    });
    try {
      const body = await expectProblem(
        await cut.call('/health/ready', { key: null }),
        503,
        'UPSTREAM_UNAVAILABLE',
      );
      expect(body.checks.upstream.status).toBe('down');
      expect(body.checks.upstream.tenants.acme).toEqual(
        expect.objectContaining({ status: 'down', reachable: false }),
      );
    } finally {
      await cut.close();
    }
  });

  it('should stay ready while one tenant’s instance is broken, and say which', async () => {
    gw.sandbox.setDisabled('1002', true);
    const partly = await startTestGateway({ sharedSandbox: gw.sandbox });
    try {
      const response = await partly.call('/health/ready', { key: null });
      expect(response.status).toBe(200);
      const body = await json(response);
      expect(body.details.upstream.tenants.globex).toEqual(
        expect.objectContaining({ status: 'down', code: 'UPSTREAM_ACCESS_DENIED' }),
      );
    } finally {
      gw.sandbox.setDisabled('1002', false);
      await partly.close();
    }
  });

  it('should report Redis down without failing readiness, unless REDIS_REQUIRED', async () => {
    const env = { REDIS_URL: 'redis://127.0.0.1:9', REDIS_COMMAND_TIMEOUT_MS: '20' };
    const optional = await startTestGateway({ sharedSandbox: gw.sandbox, env });
    const required = await startTestGateway({
      sharedSandbox: gw.sandbox,
      env: { ...env, REDIS_REQUIRED: 'true' },
    });
    try {
      const ok = await optional.call('/health/ready', { key: null });
      expect(ok.status).toBe(200);
      expect((await json(ok)).details.redis).toEqual(
        expect.objectContaining({ status: 'degraded', required: false }),
      );
      expect((await optional.call('/v1/incidents?limit=1')).status).toBe(200);
      const body = await expectProblem(
        await required.call('/health/ready', { key: null }),
        503,
        'UPSTREAM_UNAVAILABLE',
      );
      expect(body.checks.redis.status).toBe('down');
    } finally {
      await optional.close();
      await required.close();
    }
  });
});

describe('Graceful shutdown', () => {
  it('should fail readiness at once, finish 20 slow in-flight requests, refuse new ones, and close in time', async () => {
    const gw = await startTestGateway({ env: { CACHE_ENABLED: 'false' } });
    const ids = incidentIds(gw.sandbox).slice(0, 20);
    gw.sandbox.setLatency(700);
    const inFlight = ids.map((id) =>
      gw.call(`/v1/incidents/${id}`, { headers: { connection: 'close' } }),
    );
    await new Promise((r) => setTimeout(r, 150));

    const started = Date.now();
    const closing = shutDown(gw.app, { delayMs: 300, drainMs: 5000 }, new Logger('test'));
    await new Promise((r) => setTimeout(r, 50));
    const ready = await gw.call('/health/ready', { key: null });
    expect(ready.status).toBe(503);
    expect((await json(ready)).checks.lifecycle).toEqual({ status: 'down', draining: true });

    await new Promise((r) => setTimeout(r, 350));
    const late = await gw.call(`/v1/incidents/${ids[0]}`).catch((error: Error) => error);
    if (late instanceof Response) {
      await expectProblem(late, 503, 'UPSTREAM_UNAVAILABLE');
    } else {
      // Refusing the connection is the other allowed answer once the listener is closed.
      expect(String(late)).toMatch(/fetch failed|ECONNREFUSED|socket/);
    }

    const results = await Promise.all(inFlight);
    expect(results.map((r) => r.status)).toEqual(Array(20).fill(200));
    expect(await closing).toBe(true);
    expect(Date.now() - started).toBeLessThan(3000);
    await gw.sandbox.close();
  });
});
