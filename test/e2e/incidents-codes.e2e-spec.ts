import { ResponseCache } from '../../src/cache/response-cache.service.js';
import type { IncidentRecord } from '../../src/sandbox/sandbox.js';
import { expectProblem } from '../support/problem-assertions.js';
import { walkPages } from '../support/paging.js';
import { json, startTestGateway, type TestGateway } from '../support/test-gateway.js';

const JSON_HEADERS = { 'content-type': 'application/json' };
const STATUS_CODES = '/ServiceRequestLifeCycleStatusCodeCollection';
const PRIORITY_CODES = '/ServiceRequestServicePriorityCodeCollection';

/** Status and priority values in writes (checked against the lookup lists) and in filters. */
describe('Incident status and priority codes', () => {
  let gw: TestGateway;

  const store = () => gw.sandbox.store('1001');
  const post = (body: unknown) =>
    gw.call('/v1/incidents', { method: 'POST', body: JSON.stringify(body), headers: JSON_HEADERS });
  const patch = (id: string, body: unknown) =>
    gw.call(`/v1/incidents/${id}`, {
      method: 'PATCH',
      body: JSON.stringify(body),
      headers: JSON_HEADERS,
    });
  const writes = () => gw.sandbox.requests.list().filter((r) => r.method !== 'GET');
  const codeListReads = (path: string) =>
    gw.sandbox.requests.list().filter((r) => r.method === 'GET' && r.path.endsWith(path));
  const fieldsOf = (problem: Record<string, any>) =>
    [...new Set((problem.errors as { field: string }[]).map((e) => e.field))].sort();
  const newIncident = async (): Promise<string> =>
    (await json(await post({ subject: 'Code checks' }))).id as string;
  /** Clears the cached lookup lists, so the next write reads them from the upstream again. */
  const forgetLookups = () =>
    Promise.all(
      ['/v1/incident-statuses', '/v1/incident-priorities'].map((path) =>
        gw.call(path, { headers: { 'cache-control': 'no-cache' } }),
      ),
    );

  beforeAll(async () => {
    gw = await startTestGateway();
  });

  afterAll(async () => {
    await gw.close();
  });

  beforeEach(() => {
    gw.sandbox.faults.clear();
    gw.sandbox.requests.clear();
  });

  describe('writes', () => {
    it.each<[string, Record<string, unknown>, string[]]>([
      [
        'a priority code the tenant does not have',
        { subject: 'ok', priority: 'bogus' },
        ['priority'],
      ],
      ['the read-only level unknown', { subject: 'ok', priority: 'unknown' }, ['priority']],
      ['a priority level in other case', { subject: 'ok', priority: 'Urgent' }, ['priority']],
    ])(
      'should refuse a POST with %s with 400 on the field and no write',
      async (_l, body, fields) => {
        const problem = await expectProblem(await post(body), 400, 'VALIDATION_FAILED');
        expect(fieldsOf(problem)).toEqual(fields);
        expect(writes()).toEqual([]);
      },
    );

    it.each<[string, Record<string, unknown>, string[]]>([
      ['a status code the tenant does not have', { status: 'bogus' }, ['status']],
      ['the read-only category unknown', { status: 'unknown' }, ['status']],
      ['both unknown', { status: 'unknown', priority: 'unknown' }, ['priority', 'status']],
      ['both not in the lists', { status: 'Z2', priority: '9' }, ['priority', 'status']],
      ['a bad status beside good fields', { subject: 'x', status: 'bogus' }, ['status']],
    ])('should refuse a PATCH with %s with 400 on the fields and no write', async (_l, body, f) => {
      const id = await newIncident();
      const before = store().incidents.get(id);
      gw.sandbox.requests.clear();
      const problem = await expectProblem(await patch(id, body), 400, 'VALIDATION_FAILED');
      expect(fieldsOf(problem)).toEqual(f);
      expect(writes()).toEqual([]);
      expect(store().incidents.get(id)).toEqual(before);
    });

    it('should name the code and say where the valid ones are listed', async () => {
      const problem = await expectProblem(
        await post({ subject: 'ok', priority: 'bogus' }),
        400,
        'VALIDATION_FAILED',
      );
      expect(problem.errors).toEqual([
        { field: 'priority', message: expect.stringMatching(/bogus.*\/v1\/incident-priorities/) },
      ]);
    });

    it('should accept levels, categories, listed codes and a customer-specific listed status', async () => {
      const created = await post({ subject: 'ok', priority: 'low' });
      expect(created.status).toBe(201);
      const id = (await json(created)).id as string;
      for (const [body, status, priority] of [
        [{ status: 'Z1' }, 'Z1', '7'],
        [{ status: 'in_progress', priority: '1' }, '2', '1'],
        [{ status: '4', priority: 'normal' }, '4', '3'],
      ] as const) {
        const response = await patch(id, body);
        expect(response.status).toBe(200);
        const native = store().incidents.get(id) as IncidentRecord;
        expect([native.ServiceRequestLifeCycleStatusCode, native.ServicePriorityCode]).toEqual([
          status,
          priority,
        ]);
      }
    });

    it('should check against the cached lookup lists, shared with their GET routes', async () => {
      await forgetLookups();
      gw.sandbox.requests.clear();
      const id = await newIncident();
      expect((await patch(id, { status: 'open', priority: 'urgent' })).status).toBe(200);
      expect((await patch(id, { status: 'Z1', priority: '3' })).status).toBe(200);
      expect(codeListReads(STATUS_CODES)).toHaveLength(0);
      expect(codeListReads(PRIORITY_CODES)).toHaveLength(0);
      for (const path of ['/v1/incident-statuses', '/v1/incident-priorities']) {
        expect((await gw.call(path)).headers.get('cache-status')).toMatch(/; hit/);
      }
    });

    it('should read the lists once when not cached, and store them for the GET routes', async () => {
      await gw.app.get(ResponseCache).invalidate('acme', ['lookups']);
      gw.sandbox.requests.clear();
      const id = await newIncident();
      expect((await patch(id, { status: 'completed', priority: 'low' })).status).toBe(200);
      expect(codeListReads(STATUS_CODES)).toHaveLength(1);
      expect(codeListReads(PRIORITY_CODES)).toHaveLength(1);
      expect((await gw.call('/v1/incident-priorities')).headers.get('cache-status')).toMatch(
        /; hit/,
      );
    });

    it('should read a list afresh before refusing a code missing from the cached one', async () => {
      gw.sandbox.faults.add({
        method: 'GET',
        path: STATUS_CODES,
        status: 200,
        body: [{ Code: '1', Description: 'Open' }],
        times: 1,
      });
      await forgetLookups();
      expect((await json(await gw.call('/v1/incident-statuses'))).data).toHaveLength(1);
      const id = await newIncident();
      gw.sandbox.requests.clear();
      expect((await patch(id, { status: 'Z1' })).status).toBe(200);
      expect(codeListReads(STATUS_CODES)).toHaveLength(1);
      expect(store().incidents.get(id)?.ServiceRequestLifeCycleStatusCode).toBe('Z1');
      expect((await json(await gw.call('/v1/incident-statuses'))).data.length).toBeGreaterThan(1);
    });

    it('should pass a code through to the upstream when the list cannot be read', async () => {
      await gw.app.get(ResponseCache).invalidate('acme', ['lookups']);
      gw.sandbox.faults.add({ method: 'GET', path: PRIORITY_CODES, status: 500 });
      const problem = await expectProblem(
        await post({ subject: 'ok', priority: 'Z9' }),
        422,
        'UPSTREAM_REJECTED',
      );
      expect(problem.detail).toEqual(expect.any(String));
      expect(writes().map((r) => r.body)).toEqual([
        expect.objectContaining({ ServicePriorityCode: 'Z9' }),
      ]);
      const created = await post({ subject: 'ok', priority: 'urgent' });
      expect(created.status).toBe(201);
    });

    it('should still refuse unknown without reading any list', async () => {
      gw.sandbox.faults.add({ method: 'GET', path: PRIORITY_CODES, status: 500 });
      await expectProblem(
        await post({ subject: 'ok', priority: 'unknown' }),
        400,
        'VALIDATION_FAILED',
      );
      expect(gw.sandbox.requests.list()).toEqual([]);
    });
  });

  describe('filters for the catch-all category and level', () => {
    let records: IncidentRecord[];
    const ids = (items: { id: string }[]): string[] => items.map((i) => i.id).sort();
    const recordIds = (filter: (r: IncidentRecord) => boolean): string[] =>
      records
        .filter(filter)
        .map((r) => r.ObjectID)
        .sort();
    const status = (r: IncidentRecord) => r.ServiceRequestLifeCycleStatusCode ?? '';
    const priority = (r: IncidentRecord) => r.ServicePriorityCode ?? '';

    beforeAll(() => {
      // Two tickets with a customer-specific priority, as C4C allows.
      const seeded = store().incidents.list();
      for (const record of seeded.slice(0, 2)) {
        store().incidents.update(record.ObjectID, { ServicePriorityCode: 'Z5' });
      }
      records = store().incidents.list();
    });

    it.each<[string, (r: IncidentRecord) => boolean]>([
      ['status=unknown', (r) => status(r) === 'Z1'],
      ['status=open,unknown', (r) => ['1', 'Z1'].includes(status(r))],
      ['status=unknown,Z1,2', (r) => ['2', 'Z1'].includes(status(r))],
      ['status=open,in_progress,completed,closed,unknown', () => true],
      ['priority=unknown', (r) => priority(r) === 'Z5'],
      ['priority=unknown,urgent', (r) => ['2', 'Z5'].includes(priority(r))],
      ['priority=immediate,urgent,normal,low,unknown', (r) => priority(r) !== ''],
      [
        'status=unknown,closed&priority=unknown,immediate',
        (r) => ['4', 'Z1'].includes(status(r)) && ['1', 'Z5'].includes(priority(r)),
      ],
    ])('should filter by %s exactly as the store holds', async (query, matches) => {
      const expected = recordIds(matches);
      expect(expected.length).toBeGreaterThan(0);
      const walk = await walkPages<{ id: string }>(gw, `/v1/incidents?limit=100&${query}`);
      expect(ids(walk.items)).toEqual(expected);
    });

    it('should send unknown as a chain of != on the known codes, in parentheses beside other filters', async () => {
      await gw.call('/v1/incidents?limit=5&status=open,unknown&q=printer');
      const where = gw.sandbox.requests
        .list()
        .find((r) => r.path === '/hubs/helpdesk/incidents')?.where;
      expect(where).toBe(
        "(((ServiceRequestLifeCycleStatusCode != '2') AND (ServiceRequestLifeCycleStatusCode != '3') AND (ServiceRequestLifeCycleStatusCode != '4')) AND (ServiceRequestLifeCycleStatusCode > '')) AND (Name.content LIKE '%printer%')",
      );
    });

    it('should leave incidents without a priority out of priority=unknown, as they read as null', async () => {
      const without = recordIds((r) => r.ServicePriorityCode === null);
      expect(without.length).toBeGreaterThan(0);
      const walk = await walkPages<{ id: string; priority: { level: string } | null }>(
        gw,
        '/v1/incidents?limit=100&priority=unknown',
      );
      expect(walk.items.length).toBeGreaterThan(0);
      expect(walk.items.every((i) => i.priority?.level === 'unknown')).toBe(true);
      expect(ids(walk.items).filter((id) => without.includes(id))).toEqual([]);
    });

    it('should find the same incidents for status=unknown as for the unknown codes themselves', async () => {
      const unknown = await walkPages<{ id: string; status: { category: string } }>(
        gw,
        '/v1/incidents?limit=100&status=unknown',
      );
      const z1 = await walkPages<{ id: string }>(gw, '/v1/incidents?limit=100&status=Z1');
      expect(ids(unknown.items)).toEqual(ids(z1.items));
      expect(unknown.items.every((i) => i.status.category === 'unknown')).toBe(true);
    });
  });
});
