import type { RecordedRequest, Sandbox, SandboxCounters } from '../../src/sandbox/sandbox.js';
import { adminUrl, authHeader, body, hub, startTestSandbox } from './sandbox-test-client.js';

describe('sandbox counters, request log and admin API', () => {
  let sandbox: Sandbox;

  beforeAll(async () => {
    sandbox = await startTestSandbox();
  });

  beforeEach(() => {
    sandbox.counters.reset();
    sandbox.requests.clear();
    sandbox.faults.clear();
    sandbox.setLatency(0);
  });

  afterAll(async () => {
    await sandbox.close();
  });

  it('should count calls by route template, instance and status', async () => {
    const [incident] = sandbox.store('1001').incidents.list();
    await hub(sandbox, `/incidents/${incident?.id}`);
    await hub(sandbox, '/incidents/nope');
    await hub(sandbox, '/ping', { instanceId: '1002' });
    await hub(sandbox, '/ping', { auth: null });
    await hub(sandbox, '/nowhere');
    expect(sandbox.counters.snapshot()).toEqual({
      total: 5,
      byRoute: {
        'GET /hubs/helpdesk/incidents/{id}': 2,
        'GET /hubs/helpdesk/ping': 2,
        'GET (unmatched)': 1,
      },
      byInstance: { '1001': 3, '1002': 1 },
      byStatus: { '200': 2, '404': 2, '401': 1 },
      instanceLookups: 0,
      inFlight: 0,
      maxInFlight: 1,
    });
  });

  it('should track the in-flight gauge with concurrent slow calls', async () => {
    sandbox.setLatency(250);
    const calls = Array.from({ length: 6 }, () => hub(sandbox, '/ping'));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(sandbox.counters.snapshot().inFlight).toBe(6);
    await Promise.all(calls);
    const counters = sandbox.counters.snapshot();
    expect(counters.maxInFlight).toBe(6);
    expect(counters.inFlight).toBe(0);
  });

  it('should record requests with redacted authorization, body and status', async () => {
    await hub(sandbox, '/accounts', { method: 'POST', json: { AccountName: 'Logged AG' } });
    const [entry] = sandbox.requests.list();
    expect(entry).toMatchObject({
      method: 'POST',
      path: '/hubs/helpdesk/accounts',
      routeTemplate: '/hubs/helpdesk/accounts',
      instanceId: '1001',
      query: {},
      body: { AccountName: 'Logged AG' },
      status: 200,
    });
    expect(entry?.headers.authorization).toBe('[redacted]');
    expect(JSON.stringify(sandbox.requests.list())).not.toContain(sandbox.tokenOf('1001'));
    expect(Date.parse(entry?.at ?? '')).not.toBeNaN();
  });

  it('should log a hostile filter value as one string literal in the where AST', async () => {
    const where = "Name.content = 'x'' OR ''1''=''1'";
    await hub(sandbox, `/incidents?where=${encodeURIComponent(where)}&pageSize=5`);
    const [entry] = sandbox.requests.list();
    expect(entry?.where).toBe(where);
    expect(entry?.query).toEqual({ where, pageSize: '5' });
    expect(entry?.whereAst).toEqual({
      type: 'compare',
      field: 'Name.content',
      operator: '=',
      value: { type: 'string', value: "x' OR '1'='1" },
    });
  });

  describe('admin API', () => {
    const admin = (path: string, init?: RequestInit): Promise<Response> =>
      fetch(adminUrl(sandbox, path), init);
    const post = (path: string, json?: unknown): Promise<Response> =>
      admin(path, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(json ?? {}),
      });

    it('should read and reset counters without counting itself', async () => {
      await hub(sandbox, '/ping');
      const counters = await body<SandboxCounters>(await admin('/counters'));
      expect(counters.total).toBe(1);
      expect((await post('/counters/reset')).status).toBe(204);
      expect(sandbox.counters.snapshot().total).toBe(0);
      expect(sandbox.requests.list()).toHaveLength(1);
    });

    it('should add, remove and clear faults', async () => {
      const added = await post('/faults', { path: '/ping', status: 503 });
      expect(added.status).toBe(200);
      const { id } = await body<{ id: string }>(added);
      expect((await hub(sandbox, '/ping')).status).toBe(503);
      expect((await admin(`/faults/${id}`, { method: 'DELETE' })).status).toBe(204);
      expect((await hub(sandbox, '/ping')).status).toBe(200);
      await post('/faults', { status: 500 });
      expect((await admin('/faults', { method: 'DELETE' })).status).toBe(204);
      expect((await hub(sandbox, '/ping')).status).toBe(200);
    });

    it('should reject an invalid fault rule with 400', async () => {
      const response = await post('/faults', { status: 'teapot' });
      expect(response.status).toBe(400);
      expect(await body(response)).toMatchObject({
        message: "Fault rule field 'status' has the wrong type",
      });
      expect((await post('/faults', { bogus: true })).status).toBe(400);
    });

    it('should rotate a token so the old one gets 401', async () => {
      const oldAuth = authHeader(sandbox, '1002');
      const response = await post('/instances/1002/rotate-token');
      const { token } = await body<{ token: string }>(response);
      expect(token).toBe(sandbox.tokenOf('1002'));
      expect((await hub(sandbox, '/ping', { auth: oldAuth })).status).toBe(401);
      expect((await hub(sandbox, '/ping', { instanceId: '1002' })).status).toBe(200);
      expect((await post('/instances/nope/rotate-token')).status).toBe(404);
    });

    it('should disable and enable an instance', async () => {
      expect((await post('/instances/1002/disabled', { disabled: true })).status).toBe(204);
      expect((await hub(sandbox, '/ping', { instanceId: '1002' })).status).toBe(403);
      await post('/instances/1002/disabled', { disabled: false });
      expect((await hub(sandbox, '/ping', { instanceId: '1002' })).status).toBe(200);
    });

    it('should list and clear recorded requests', async () => {
      await hub(sandbox, '/ping');
      const requests = await body<RecordedRequest[]>(await admin('/requests'));
      expect(requests.map((r) => r.routeTemplate)).toEqual(['/hubs/helpdesk/ping']);
      expect((await admin('/requests', { method: 'DELETE' })).status).toBe(204);
      expect(sandbox.requests.list()).toEqual([]);
    });

    it('should set the base latency', async () => {
      expect((await post('/latency', { ms: 200 })).status).toBe(204);
      const started = Date.now();
      await hub(sandbox, '/ping');
      expect(Date.now() - started).toBeGreaterThanOrEqual(190);
      expect((await post('/latency', { ms: -1 })).status).toBe(400);
    });

    it('should answer unknown admin paths with 404 and wrong methods with 405', async () => {
      expect((await admin('/nope')).status).toBe(404);
      expect((await admin('/counters', { method: 'DELETE' })).status).toBe(405);
    });
  });
});
