import type { Sandbox } from '../../src/sandbox/sandbox.js';
import { ORG_SECRET, USER_SECRET, body, hub, startTestSandbox } from './sandbox-test-client.js';

async function statuses(sandbox: Sandbox, calls: number, path = '/ping'): Promise<number[]> {
  const result: number[] = [];
  for (let i = 0; i < calls; i += 50) {
    const batch = Array.from({ length: Math.min(50, calls - i) }, () => hub(sandbox, path));
    result.push(...(await Promise.all(batch)).map((response) => response.status));
  }
  return result;
}

function causeCode(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return `${cause?.code ?? ''} ${cause?.message ?? ''}`;
}

describe('sandbox fault injection', () => {
  let sandbox: Sandbox;

  beforeAll(async () => {
    sandbox = await startTestSandbox();
  });

  afterEach(() => {
    sandbox.faults.clear();
  });

  afterAll(async () => {
    await sandbox.close();
  });

  it('should answer with the fault status, JSON body and Retry-After header', async () => {
    sandbox.faults.add({
      path: '/incidents',
      status: 429,
      body: { message: 'slow down' },
      headers: { 'Retry-After': '7' },
    });
    const response = await hub(sandbox, '/incidents');
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('7');
    expect(response.headers.get('elements-request-id')).toMatch(/^[0-9a-f]{24}$/);
    expect(await body(response)).toEqual({ message: 'slow down' });
    expect((await hub(sandbox, '/ping')).status).toBe(200);
  });

  it('should send a CE error body when the fault gives only a status', async () => {
    sandbox.faults.add({ status: 500 });
    const response = await hub(sandbox, '/ping');
    expect(response.status).toBe(500);
    expect(await body(response)).toEqual({
      requestId: response.headers.get('elements-request-id'),
      message: 'Injected fault: HTTP 500',
    });
  });

  it('should send an HTML body as-is and an empty body as empty', async () => {
    sandbox.faults.add({
      path: '/ping',
      status: 502,
      body: '<html><body>Bad Gateway</body></html>',
      times: 1,
    });
    sandbox.faults.add({ path: '/ping', status: 503, body: '', times: 1 });
    const html = await hub(sandbox, '/ping');
    expect(html.status).toBe(502);
    expect(html.headers.get('content-type')).toContain('text/html');
    expect(await html.text()).toBe('<html><body>Bad Gateway</body></html>');
    const empty = await hub(sandbox, '/ping');
    expect(empty.status).toBe(503);
    expect(await empty.text()).toBe('');
  });

  it('should delay a call by latencyMs and then handle it normally', async () => {
    sandbox.faults.add({ path: '/ping', latencyMs: 300 });
    const started = Date.now();
    const response = await hub(sandbox, '/ping');
    expect(response.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(280);
  });

  it('should hang until the client gives up, then record no answer', async () => {
    sandbox.counters.reset();
    sandbox.faults.add({ path: '/incidents', hang: true });
    await expect(
      hub(sandbox, '/incidents', { signal: AbortSignal.timeout(300) }),
    ).rejects.toThrow();
    await new Promise((resolve) => setTimeout(resolve, 100));
    const counters = sandbox.counters.snapshot();
    expect(counters.inFlight).toBe(0);
    expect(counters.byStatus).toEqual({ none: 1 });
    expect(sandbox.requests.list().at(-1)).toMatchObject({
      path: '/hubs/helpdesk/incidents',
      status: 0,
    });
  });

  it('should reset the connection without an answer', async () => {
    sandbox.faults.add({ path: '/ping', reset: true });
    const error = await hub(sandbox, '/ping').then(
      () => undefined,
      (failure: unknown) => failure,
    );
    // fetch errors come from Node's realm, not the test's, so compare by name.
    expect(error).toMatchObject({ name: 'TypeError', message: 'fetch failed' });
    expect(causeCode(error)).toMatch(/ECONNRESET|other side closed|UND_ERR_SOCKET/);
  });

  it('should fire at the seeded rate, the same way for the same seed', async () => {
    const run = async (): Promise<number[]> => {
      const id = sandbox.faults.add({ path: '/ping', status: 503, rate: 0.25, seed: 42 });
      const result = await statuses(sandbox, 400);
      sandbox.faults.remove(id);
      return result;
    };
    const first = await run();
    const failures = first.filter((status) => status === 503).length;
    expect(failures).toBeGreaterThan(70);
    expect(failures).toBeLessThan(130);
    expect(first.filter((status) => status === 200)).toHaveLength(400 - failures);
    const second = await run();
    expect(second.filter((status) => status === 503)).toHaveLength(failures);
  });

  it('should expire after `times` matching calls', async () => {
    sandbox.faults.add({ method: 'GET', path: '/ping', status: 503, times: 2 });
    expect(await statuses(sandbox, 1)).toEqual([503]);
    expect(await statuses(sandbox, 1)).toEqual([503]);
    expect(await statuses(sandbox, 1)).toEqual([200]);
  });

  it('should match on method, instance and a /regex/ path', async () => {
    sandbox.faults.add({ method: 'POST', status: 500 });
    sandbox.faults.add({ instanceId: '1002', status: 502 });
    sandbox.faults.add({ path: '/\\/incidents\\/[^/]+$/', status: 504 });
    expect((await hub(sandbox, '/ping')).status).toBe(200);
    expect((await hub(sandbox, '/ping', { instanceId: '1002' })).status).toBe(502);
    expect((await hub(sandbox, '/incidents/abc')).status).toBe(504);
    expect((await hub(sandbox, '/incidents/abc/comments')).status).toBe(404);
    expect((await hub(sandbox, '/accounts', { method: 'POST', json: {} })).status).toBe(500);
  });

  it('should use the first rule that fires, in insertion order', async () => {
    sandbox.faults.add({ path: '/ping', status: 503, rate: 0 });
    const second = sandbox.faults.add({ path: '/ping', status: 429 });
    sandbox.faults.add({ path: '/ping', status: 500 });
    expect((await hub(sandbox, '/ping')).status).toBe(429);
    sandbox.faults.remove(second);
    expect((await hub(sandbox, '/ping')).status).toBe(500);
  });

  it('should apply faults to GET /instances/{id} and count them', async () => {
    sandbox.counters.reset();
    sandbox.faults.add({ path: '/instances/', status: 503, times: 1 });
    const headers = { authorization: `User ${USER_SECRET}, Organization ${ORG_SECRET}` };
    expect((await fetch(`${sandbox.url}/instances/1001`, { headers })).status).toBe(503);
    expect((await fetch(`${sandbox.url}/instances/1001`, { headers })).status).toBe(200);
    const counters = sandbox.counters.snapshot();
    expect(counters.instanceLookups).toBe(2);
    expect(counters.byStatus).toEqual({ '200': 1, '503': 1 });
  });

  it('should reject an invalid rule', () => {
    expect(() => sandbox.faults.add({ rate: 2 })).toThrow('rate');
  });
});

describe('sandbox close with hanging calls', () => {
  it('should close promptly and end a hanging request', async () => {
    const sandbox = await startTestSandbox({
      instances: [{ id: '1001', counts: { incidents: 1 } }],
    });
    sandbox.faults.add({ hang: true });
    sandbox.setLatency(60_000);
    const hanging = hub(sandbox, '/ping').then(
      () => 'answered',
      () => 'failed',
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    const started = Date.now();
    await sandbox.close();
    expect(Date.now() - started).toBeLessThan(1000);
    expect(await hanging).toBe('failed');
  });

  it('should close promptly while a call waits on base latency', async () => {
    const sandbox = await startTestSandbox({
      instances: [{ id: '1001', counts: { incidents: 1 } }],
      latencyMs: 60_000,
    });
    const waiting = hub(sandbox, '/ping').then(
      () => 'answered',
      () => 'failed',
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    const started = Date.now();
    await sandbox.close();
    expect(Date.now() - started).toBeLessThan(1000);
    expect(await waiting).toBe('failed');
  });
});
