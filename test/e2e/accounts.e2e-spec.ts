import type { AccountRecord, RecordedRequest } from '../../src/sandbox/sandbox.js';
import {
  expectCursorsRefused,
  expectNoCachedBodyAfterWrites,
  expectRawForInternalCallersOnly,
  expectUnknownIdNotFound,
  openApiCheck,
  writeJson,
} from '../support/record-collections.js';
import { expectProblem } from '../support/problem-assertions.js';
import {
  ORG_SECRET,
  USER_SECRET,
  json,
  startTestGateway,
  type TestGateway,
} from '../support/test-gateway.js';

const ACME = '1001';
const GLOBEX = '1002';
const NO_SUCH_ID = `00163E${'0'.repeat(26)}`;
const ACCOUNTS = '/hubs/helpdesk/accounts';

describe('Accounts', () => {
  let gw: TestGateway;

  beforeAll(async () => {
    gw = await startTestGateway();
  });

  afterAll(async () => {
    await gw.close();
  });

  beforeEach(() => {
    gw.sandbox.requests.clear();
  });

  const store = () => gw.sandbox.store(ACME);

  /** What the gateway must answer for a native record, built from the sandbox's own data. */
  function expected(record: AccountRecord): Record<string, unknown> {
    return {
      id: record.ObjectID,
      number: record.AccountID,
      name: record.AccountName,
      email: record.Email,
      phone: record.Phone,
      createdAt: new Date(record.CreatedOn).toISOString(),
      updatedAt: new Date(record.ChangedOn).toISOString(),
      version: record.ETag,
    };
  }

  function byChangedOnDesc(records: AccountRecord[]): AccountRecord[] {
    return [...records].sort((a, b) => b.ChangedOn - a.ChangedOn);
  }

  function ids(records: { ObjectID: string }[]): string[] {
    return records.map((r) => r.ObjectID);
  }

  /** A fresh read (past the response cache), so the upstream request log shows it. */
  async function listIds(query: string): Promise<string[]> {
    const response = await gw.call(`/v1/accounts?limit=100&${query}`, {
      headers: { 'cache-control': 'no-cache' },
    });
    expect(response.status).toBe(200);
    const body = await json(response);
    expect(body.page.nextCursor).toBeNull();
    return body.data.map((a: { id: string }) => a.id);
  }

  function upstream(method: string, path: string): RecordedRequest[] {
    return gw.sandbox.requests.list().filter((r) => r.method === method && r.path === path);
  }

  function post(path: string, body: unknown): Promise<Response> {
    return writeJson(gw, 'POST', path, body);
  }

  async function createAccount(body: Record<string, unknown>): Promise<Record<string, any>> {
    const response = await post('/v1/accounts', body);
    expect(response.status).toBe(201);
    return json(response);
  }

  function patch(id: string, body: unknown, headers: Record<string, string> = {}) {
    return writeJson(gw, 'PATCH', `/v1/accounts/${id}`, body, headers);
  }

  describe('reads', () => {
    it('should list every account of the tenant exactly as the store holds it', async () => {
      const records = store().accounts.list();
      expect(records).toHaveLength(15);
      const response = await gw.call('/v1/accounts?limit=100');
      expect(response.status).toBe(200);
      const body = await json(response);
      expect(body.page).toEqual({ limit: 100, nextCursor: null });
      expect(body.data).toEqual(byChangedOnDesc(records).map(expected));
    });

    it('should page through four pages with every id once and no cursor at the end', async () => {
      const all = ids(byChangedOnDesc(store().accounts.list()));
      const seen: string[] = [];
      const sizes: number[] = [];
      let cursor: string | null = null;
      do {
        const query: string = cursor ? `cursor=${encodeURIComponent(cursor)}` : 'limit=4';
        const response = await gw.call(`/v1/accounts?${query}`);
        expect(response.status).toBe(200);
        const body = await json(response);
        expect(body.page.limit).toBe(4);
        sizes.push(body.data.length);
        seen.push(...body.data.map((a: { id: string }) => a.id));
        cursor = body.page.nextCursor;
      } while (cursor !== null && sizes.length < 10);
      expect(sizes).toEqual([4, 4, 4, 3]);
      expect(seen).toEqual(all);
      expect(new Set(seen).size).toBe(15);

      const lastUpstreamPage = await fetch(`${gw.sandbox.url}${ACCOUNTS}?page=4&pageSize=4`, {
        headers: {
          authorization: `User ${USER_SECRET}, Organization ${ORG_SECRET}, Element ${gw.sandbox.tokenOf(ACME)}`,
        },
      });
      expect((await json<unknown[]>(lastUpstreamPage)).length).toBe(3);
      expect(lastUpstreamPage.headers.get('elements-next-page-token')).toEqual(expect.any(String));
    });

    it.each<[string, (a: AccountRecord, b: AccountRecord) => number, string]>([
      ['', (a, b) => b.ChangedOn - a.ChangedOn, 'ChangedOn desc'],
      ['sort=-updatedAt', (a, b) => b.ChangedOn - a.ChangedOn, 'ChangedOn desc'],
      ['sort=updatedAt', (a, b) => a.ChangedOn - b.ChangedOn, 'ChangedOn asc'],
      ['sort=createdAt', (a, b) => a.CreatedOn - b.CreatedOn, 'CreatedOn asc'],
      ['sort=-createdAt', (a, b) => b.CreatedOn - a.CreatedOn, 'CreatedOn desc'],
    ])('should order the list for %j', async (query, compare, orderBy) => {
      const expectedIds = ids([...store().accounts.list()].sort(compare));
      expect(await listIds(query)).toEqual(expectedIds);
      expect(upstream('GET', ACCOUNTS)[0]?.query.orderBy).toBe(orderBy);
    });

    it('should filter by a name fragment, ignoring case', async () => {
      const records = store().accounts.list();
      const fragment = (records[0]?.AccountName ?? '').slice(1, 4).toUpperCase();
      const matching = records.filter((a) =>
        a.AccountName.toLowerCase().includes(fragment.toLowerCase()),
      );
      expect(matching.length).toBeGreaterThan(0);
      expect(matching.length).toBeLessThan(records.length);
      expect(await listIds(`q=${encodeURIComponent(fragment)}`)).toEqual(
        ids(byChangedOnDesc(matching)),
      );
      expect(upstream('GET', ACCOUNTS)[0]?.whereAst).toEqual({
        type: 'like',
        field: 'AccountName',
        pattern: expect.objectContaining({ value: `%${fragment}%` }),
      });
    });

    it('should filter by updatedSince', async () => {
      const records = byChangedOnDesc(store().accounts.list());
      const since = Math.floor((records[6]?.ChangedOn ?? 0) / 1000) * 1000;
      const matching = records.filter((a) => a.ChangedOn >= since);
      expect(matching.length).toBeGreaterThan(5);
      expect(matching.length).toBeLessThan(records.length);
      const iso = new Date(since).toISOString();
      expect(await listIds(`updatedSince=${iso}`)).toEqual(ids(matching));
      expect(upstream('GET', ACCOUNTS)[0]?.where).toBe(
        `ChangedOn >= '${iso.replace('.000Z', 'Z')}'`,
      );
    });

    it('should combine q and updatedSince with AND', async () => {
      const records = byChangedOnDesc(store().accounts.list());
      const since = Math.floor((records[7]?.ChangedOn ?? 0) / 1000) * 1000;
      const expectedIds = ids(
        records.filter((a) => a.ChangedOn >= since && a.AccountName.toLowerCase().includes('e')),
      );
      expect(expectedIds.length).toBeGreaterThan(0);
      expect(await listIds(`q=E&updatedSince=${new Date(since).toISOString()}`)).toEqual(
        expectedIds,
      );
    });

    it.each([
      ['q', ''],
      ['q', 'x'.repeat(201)],
      ['updatedSince', '2026-13-45'],
      ['sort', '-name'],
      ['limit', '0'],
      ['accountId', NO_SUCH_ID],
      ['email', 'info@example.com'],
    ])('should refuse the query %s=%j with 400', async (field, value) => {
      const problem = await expectProblem(
        await gw.call(`/v1/accounts?${field}=${encodeURIComponent(value)}`),
        400,
        'VALIDATION_FAILED',
      );
      expect(problem.errors.map((e: { field: string }) => e.field)).toContain(field);
    });

    it('should send a hostile q to the upstream as one LIKE literal and match nothing else', async () => {
      for (const hostile of ["x' OR '1'='1", '%_\\', "')) OR AccountName LIKE ('%"]) {
        gw.sandbox.requests.clear();
        expect(await listIds(`q=${encodeURIComponent(hostile)}`)).toEqual([]);
        const calls = upstream('GET', ACCOUNTS);
        expect(calls.length).toBeGreaterThan(0);
        for (const call of calls) {
          expect(call.status).toBe(200);
          expect(call.whereAst).toEqual({
            type: 'like',
            field: 'AccountName',
            pattern: expect.objectContaining({ value: `%${hostile}%` }),
          });
        }
      }
    });

    it('should give the raw upstream record to internal callers only', async () => {
      await expectRawForInternalCallersOnly(gw, 'accounts', store().accounts.list());
    });

    it('should get one account by id, the one an incident links to', async () => {
      const incident = store()
        .incidents.list()
        .find((i) => i.CustomerID !== null);
      const record = store().findAccountByNumber(incident?.CustomerID ?? '') as AccountRecord;
      expect(record).toBeDefined();
      const linked = await json(await gw.call(`/v1/incidents/${incident?.ObjectID}`));
      expect(linked.accountId).toBe(record.ObjectID);
      const response = await gw.call(`/v1/accounts/${linked.accountId}`, { key: 'reader' });
      expect(response.status).toBe(200);
      expect(await json(response)).toEqual(expected(record));
    });

    it('should answer 404 for an unknown id', async () => {
      await expectUnknownIdNotFound(gw, 'accounts', NO_SUCH_ID);
    });

    it('should answer 400 for an id that is not one', async () => {
      const problem = await expectProblem(
        await gw.call('/v1/accounts/not%20an%20id'),
        400,
        'VALIDATION_FAILED',
      );
      expect(problem.errors[0].field).toBe('id');
    });

    it("should answer 404 for another tenant's account, never its data", async () => {
      const foreign = gw.sandbox.store(GLOBEX).accounts.list()[0] as AccountRecord;
      const response = await gw.call(`/v1/accounts/${foreign.ObjectID}`, { tenant: 'acme' });
      const text = await response.clone().text();
      await expectProblem(response, 404, 'NOT_FOUND');
      expect(text).not.toContain(foreign.AccountName);
      expect(text).not.toContain(foreign.AccountID);
      const globex = await gw.call(`/v1/accounts/${foreign.ObjectID}`, { tenant: 'globex' });
      expect((await json(globex)).name).toBe(foreign.AccountName);
    });

    it('should refuse a cursor replayed with other filters, sort, tenant or collection', async () => {
      const first = await json(await gw.call('/v1/accounts?limit=2'));
      const cursor = encodeURIComponent(first.page.nextCursor);
      expect((await gw.call(`/v1/accounts?cursor=${cursor}`)).status).toBe(200);
      await expectCursorsRefused(gw, [
        [`/v1/accounts?q=a&cursor=${cursor}`, 'acme'],
        [`/v1/accounts?sort=updatedAt&cursor=${cursor}`, 'acme'],
        [`/v1/accounts?updatedSince=2020-01-01T00:00:00Z&cursor=${cursor}`, 'acme'],
        [`/v1/accounts?cursor=${cursor}`, 'globex'],
        [`/v1/contacts?cursor=${cursor}`, 'acme'],
      ]);
    });
  });

  describe('writes', () => {
    it('should create an account: 201, Location, native fields upstream, record in the store', async () => {
      const response = await post('/v1/accounts', {
        name: 'Initech',
        email: 'info@initech.example',
        phone: '+1 512 555-0100',
      });
      expect(response.status).toBe(201);
      const created = await json(response);
      expect(response.headers.get('location')).toBe(`/v1/accounts/${created.id}`);
      expect(upstream('POST', ACCOUNTS).map((r) => r.body)).toEqual([
        {
          AccountName: 'Initech',
          Email: 'info@initech.example',
          Phone: '+1 512 555-0100',
          RoleCode: 'CRM000',
        },
      ]);
      const record = store().accounts.get(created.id) as AccountRecord;
      expect(record).toEqual(
        expect.objectContaining({
          AccountName: 'Initech',
          Email: 'info@initech.example',
          Phone: '+1 512 555-0100',
          RoleCode: 'CRM000',
        }),
      );
      expect(created).toEqual(expected(record));

      const location = await gw.call(response.headers.get('location') ?? '');
      expect(location.status).toBe(200);
      expect(await json(location)).toEqual(created);
    });

    it('should let contacts and incidents link to a new account right away, without a lookup', async () => {
      const account = await createAccount({ name: 'Fresh Links Ltd' });
      expect(account).toEqual(expect.objectContaining({ email: null, phone: null }));
      gw.sandbox.requests.clear();

      const contactResponse = await post('/v1/contacts', {
        firstName: 'New',
        lastName: 'Hire',
        accountId: account.id,
      });
      expect(contactResponse.status).toBe(201);
      const contact = await json(contactResponse);
      expect(contact.accountId).toBe(account.id);
      expect(store().contacts.get(contact.id)?.AccountID).toBe(account.number);

      const incidentResponse = await post('/v1/incidents', {
        subject: 'First ticket',
        accountId: account.id,
      });
      expect(incidentResponse.status).toBe(201);
      const incident = await json(incidentResponse);
      expect(incident.accountId).toBe(account.id);
      expect(store().incidents.get(incident.id)?.CustomerID).toBe(account.number);
      expect(upstream('GET', `${ACCOUNTS}/${account.id}`)).toEqual([]);

      const contacts = await json(await gw.call(`/v1/contacts?accountId=${account.id}`));
      expect(contacts.data.map((c: { id: string }) => c.id)).toEqual([contact.id]);
    });

    it('should find a created account by a name with LIKE wildcards and a backslash in it', async () => {
      const created = await createAccount({ name: "O'Brien 100%_Pure\\Foods" });
      expect(await listIds(`q=${encodeURIComponent('%_pure\\f')}`)).toEqual([created.id]);
      expect(await listIds(`q=${encodeURIComponent("o'brien")}`)).toEqual([created.id]);
      expect(await listIds(`q=${encodeURIComponent('10_')}`)).toEqual([]);
      expect(await listIds(`q=${encodeURIComponent('n%1')}`)).toEqual([]);
    });

    it.each<[string, Record<string, unknown>]>([
      ['name', {}],
      ['name', { name: '' }],
      ['name', { name: '  ' }],
      ['name', { name: 'x'.repeat(161) }],
      ['name', { name: ['Acme'] }],
      ['email', { name: 'A', email: 'info at acme' }],
      ['phone', { name: 'A', phone: '555-CALL-NOW' }],
      ['RoleCode', { name: 'A', RoleCode: 'BUP002' }],
      ['number', { name: 'A', number: '1000001' }],
    ])('should refuse a create with a bad %s', async (field, body) => {
      const problem = await expectProblem(
        await post('/v1/accounts', body),
        400,
        'VALIDATION_FAILED',
      );
      expect(problem.errors.map((e: { field: string }) => e.field)).toContain(field);
      expect(upstream('POST', ACCOUNTS)).toEqual([]);
    });

    it('should accept a name of 160 characters', async () => {
      const created = await createAccount({ name: 'n'.repeat(160) });
      expect(store().accounts.get(created.id)?.AccountName).toBe('n'.repeat(160));
    });

    it('should update only the sent fields without reading first, and answer the new record', async () => {
      const created = await createAccount({
        name: 'Edit Co',
        email: 'edit@example.com',
        phone: '123',
      });
      gw.sandbox.requests.clear();
      const response = await patch(created.id, { name: 'Edited Co', email: null });
      expect(response.status).toBe(200);
      const updated = await json(response);
      const calls = gw.sandbox.requests
        .list()
        .filter((r) => r.path === `${ACCOUNTS}/${created.id}`)
        .map((r) => ({ method: r.method, body: r.body }));
      expect(calls).toEqual([
        { method: 'PATCH', body: { AccountName: 'Edited Co', Email: null } },
        { method: 'GET' },
      ]);
      const record = store().accounts.get(created.id) as AccountRecord;
      expect(record).toEqual(
        expect.objectContaining({ AccountName: 'Edited Co', Email: null, Phone: '123' }),
      );
      expect(updated).toEqual(expected(record));
      expect(updated.version).not.toBe(created.version);
    });

    it('should update with a matching If-Match and refuse a stale one with 412', async () => {
      const created = await createAccount({ name: 'Versioned' });
      const ok = await patch(created.id, { phone: '030 1' }, { 'if-match': created.version });
      expect(ok.status).toBe(200);
      const updated = await json(ok);
      expect(updated.phone).toBe('030 1');

      gw.sandbox.requests.clear();
      const stale = await patch(created.id, { phone: '030 2' }, { 'if-match': created.version });
      await expectProblem(stale, 412, 'PRECONDITION_FAILED');
      expect(upstream('PATCH', `${ACCOUNTS}/${created.id}`)).toEqual([]);
      expect(store().accounts.get(created.id)?.Phone).toBe('030 1');

      gw.sandbox.store(ACME).accounts.update(created.id, { AccountName: 'Changed in SAP' });
      await expectProblem(
        await patch(created.id, { phone: '030 3' }, { 'if-match': updated.version }),
        412,
        'PRECONDITION_FAILED',
      );
      expect(store().accounts.get(created.id)?.Phone).toBe('030 1');
    });

    it('should refuse an update with a null name or an unknown field', async () => {
      const created = await createAccount({ name: 'Keep Me' });
      gw.sandbox.requests.clear();
      for (const [field, body] of [
        ['name', { name: null }],
        ['name', { name: '' }],
        ['AccountName', { AccountName: 'x' }],
      ] as const) {
        const problem = await expectProblem(
          await patch(created.id, body),
          400,
          'VALIDATION_FAILED',
        );
        expect(problem.errors[0].field).toBe(field);
      }
      expect(upstream('PATCH', `${ACCOUNTS}/${created.id}`)).toEqual([]);
    });

    it('should answer 404 when updating an unknown account', async () => {
      await expectProblem(await patch(NO_SUCH_ID, { name: 'Ghost' }), 404, 'NOT_FOUND');
    });

    it('should never answer a cached body after a write', async () => {
      await expectNoCachedBodyAfterWrites(gw, {
        collection: 'accounts',
        q: 'Cachet',
        field: 'name',
        create: () => createAccount({ name: 'Cachet Holdings' }),
        createSecond: () => createAccount({ name: 'Cachet Two' }),
        before: 'Cachet Holdings',
        change: { body: { name: 'Cachet Group' }, to: 'Cachet Group' },
      });
    });

    it('should answer bodies that match the OpenAPI document', async () => {
      const check = await openApiCheck(gw);
      const createdResponse = await post('/v1/accounts', { name: 'Schema Check' });
      const created = await json(createdResponse.clone());
      await check('/v1/accounts', 'POST', createdResponse, 201);
      await check('/v1/accounts', 'GET', await gw.call('/v1/accounts?limit=5&include=raw'), 200);
      await check('/v1/accounts/{id}', 'GET', await gw.call(`/v1/accounts/${created.id}`), 200);
      await check(
        '/v1/accounts/{id}',
        'PATCH',
        await patch(created.id, { email: 'schema@example.com', phone: null }),
        200,
      );
      await check('/v1/accounts/{id}', 'GET', await gw.call(`/v1/accounts/${NO_SUCH_ID}`), 404);
      await check('/v1/accounts', 'GET', await gw.call('/v1/accounts?q='), 400);
      await check(
        '/v1/accounts/{id}',
        'PATCH',
        await patch(created.id, { name: 'X' }, { 'if-match': 'W/"stale"' }),
        412,
      );
    });

    it('should delete an account: 204, gone from the store, then 404 and no longer linkable', async () => {
      const created = await createAccount({ name: 'Short Lived' });
      const response = await gw.call(`/v1/accounts/${created.id}`, {
        key: 'writer',
        method: 'DELETE',
      });
      expect(response.status).toBe(204);
      expect(await response.text()).toBe('');
      expect(upstream('DELETE', `${ACCOUNTS}/${created.id}`)).toHaveLength(1);
      expect(store().accounts.has(created.id)).toBe(false);
      await expectProblem(await gw.call(`/v1/accounts/${created.id}`), 404, 'NOT_FOUND');

      const problem = await expectProblem(
        await post('/v1/contacts', { firstName: 'Too', lastName: 'Late', accountId: created.id }),
        400,
        'VALIDATION_FAILED',
      );
      expect(problem.errors[0].field).toBe('accountId');
    });
  });
});
