import type { ContactRecord, RecordedRequest } from '../../src/sandbox/sandbox.js';
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
const CONTACTS = '/hubs/helpdesk/contacts';

describe('Contacts', () => {
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
  function expected(record: ContactRecord): Record<string, unknown> {
    const account =
      record.AccountID === null ? undefined : store().findAccountByNumber(record.AccountID);
    return {
      id: record.ObjectID,
      number: record.ContactID,
      firstName: record.FirstName,
      lastName: record.LastName,
      email: record.Email,
      phone: record.Phone,
      accountId: account?.ObjectID ?? null,
      createdAt: new Date(record.CreatedOn).toISOString(),
      updatedAt: new Date(record.ChangedOn).toISOString(),
      version: record.ETag,
    };
  }

  function byChangedOnDesc(records: ContactRecord[]): ContactRecord[] {
    return [...records].sort((a, b) => b.ChangedOn - a.ChangedOn);
  }

  function ids(records: { ObjectID: string }[]): string[] {
    return records.map((r) => r.ObjectID);
  }

  /** A fresh read (past the response cache), so the upstream request log shows it. */
  async function listIds(query: string): Promise<string[]> {
    const response = await gw.call(`/v1/contacts?limit=100&${query}`, {
      headers: { 'cache-control': 'no-cache' },
    });
    expect(response.status).toBe(200);
    const body = await json(response);
    expect(body.page.nextCursor).toBeNull();
    return body.data.map((c: { id: string }) => c.id);
  }

  function upstream(method: string, path: string): RecordedRequest[] {
    return gw.sandbox.requests.list().filter((r) => r.method === method && r.path === path);
  }

  function recordsFor(id: string): { method: string; body?: unknown }[] {
    return gw.sandbox.requests
      .list()
      .filter((r) => r.path === `${CONTACTS}/${id}`)
      .map((r) => ({ method: r.method, body: r.body }));
  }

  async function createContact(body: Record<string, unknown>): Promise<Record<string, any>> {
    const response = await writeJson(gw, 'POST', '/v1/contacts', body);
    expect(response.status).toBe(201);
    return json(response);
  }

  function patch(id: string, body: unknown, headers: Record<string, string> = {}) {
    return writeJson(gw, 'PATCH', `/v1/contacts/${id}`, body, headers);
  }

  function accountWithMostContacts(): { key: string; id: string } {
    const counts = new Map<string, number>();
    for (const c of store().contacts.list()) {
      if (c.AccountID !== null) {
        counts.set(c.AccountID, (counts.get(c.AccountID) ?? 0) + 1);
      }
    }
    const [key] = [...counts.entries()].sort((a, b) => b[1] - a[1])[0] ?? [];
    const account = store().findAccountByNumber(key ?? '');
    if (!account) {
      throw new Error('The seeded store has no linked contacts');
    }
    return { key: account.AccountID, id: account.ObjectID };
  }

  describe('reads', () => {
    it('should list every contact of the tenant exactly as the store holds it', async () => {
      const records = store().contacts.list();
      expect(records).toHaveLength(40);
      const response = await gw.call('/v1/contacts?limit=100');
      expect(response.status).toBe(200);
      const body = await json(response);
      expect(body.page).toEqual({ limit: 100, nextCursor: null });
      expect(body.data).toEqual(byChangedOnDesc(records).map(expected));
      expect(body.data.some((c: { accountId: unknown }) => c.accountId === null)).toBe(true);
      expect(body.data.some((c: { accountId: unknown }) => c.accountId !== null)).toBe(true);
    });

    it('should page through more than three pages with every id once and no cursor at the end', async () => {
      const all = ids(byChangedOnDesc(store().contacts.list()));
      const seen: string[] = [];
      const sizes: number[] = [];
      let cursor: string | null = null;
      do {
        const query: string = cursor ? `cursor=${encodeURIComponent(cursor)}` : 'limit=9';
        const response = await gw.call(`/v1/contacts?${query}`);
        expect(response.status).toBe(200);
        const body = await json(response);
        expect(body.page.limit).toBe(9);
        sizes.push(body.data.length);
        seen.push(...body.data.map((c: { id: string }) => c.id));
        cursor = body.page.nextCursor;
      } while (cursor !== null && sizes.length < 10);
      expect(sizes).toEqual([9, 9, 9, 9, 4]);
      expect(seen).toEqual(all);
      expect(new Set(seen).size).toBe(40);

      const lastUpstreamPage = await fetch(`${gw.sandbox.url}${CONTACTS}?page=5&pageSize=9`, {
        headers: {
          authorization: `User ${USER_SECRET}, Organization ${ORG_SECRET}, Element ${gw.sandbox.tokenOf(ACME)}`,
        },
      });
      expect((await json<unknown[]>(lastUpstreamPage)).length).toBe(4);
      expect(lastUpstreamPage.headers.get('elements-next-page-token')).toEqual(expect.any(String));
    });

    it('should end with a null cursor when the last page is exactly full', async () => {
      const first = await json(await gw.call('/v1/contacts?limit=20'));
      expect(first.page.nextCursor).toEqual(expect.any(String));
      const second = await json(
        await gw.call(`/v1/contacts?cursor=${encodeURIComponent(first.page.nextCursor)}`),
      );
      expect(second.data).toHaveLength(20);
      expect(second.page).toEqual({ limit: 20, nextCursor: null });
    });

    it.each<[string, (a: ContactRecord, b: ContactRecord) => number, string]>([
      ['', (a, b) => b.ChangedOn - a.ChangedOn, 'ChangedOn desc'],
      ['sort=-updatedAt', (a, b) => b.ChangedOn - a.ChangedOn, 'ChangedOn desc'],
      ['sort=updatedAt', (a, b) => a.ChangedOn - b.ChangedOn, 'ChangedOn asc'],
      ['sort=createdAt', (a, b) => a.CreatedOn - b.CreatedOn, 'CreatedOn asc'],
      ['sort=-createdAt', (a, b) => b.CreatedOn - a.CreatedOn, 'CreatedOn desc'],
    ])('should order the list for %j', async (query, compare, orderBy) => {
      const expectedIds = ids([...store().contacts.list()].sort(compare));
      expect(await listIds(query)).toEqual(expectedIds);
      expect(upstream('GET', CONTACTS)[0]?.query.orderBy).toBe(orderBy);
    });

    it('should filter by accountId through the account business key', async () => {
      const account = accountWithMostContacts();
      const matching = store()
        .contacts.list()
        .filter((c) => c.AccountID === account.key);
      expect(matching.length).toBeGreaterThan(1);
      expect(await listIds(`accountId=${account.id}`)).toEqual(ids(byChangedOnDesc(matching)));
      expect(upstream('GET', CONTACTS)[0]?.whereAst).toEqual({
        type: 'compare',
        field: 'AccountID',
        operator: '=',
        value: { type: 'string', value: account.key },
      });
    });

    it('should filter by exact email', async () => {
      const target = store()
        .contacts.list()
        .find((c) => c.Email !== null);
      const email = target?.Email ?? '';
      const matching = store()
        .contacts.list()
        .filter((c) => c.Email === email);
      expect(matching.length).toBeGreaterThan(0);
      expect(await listIds(`email=${encodeURIComponent(email)}`)).toEqual(
        ids(byChangedOnDesc(matching)),
      );
      expect(await listIds(`email=${encodeURIComponent(email.toUpperCase())}x`)).toEqual([]);
    });

    it('should filter by a name fragment in first or last name, ignoring case', async () => {
      const records = store().contacts.list();
      const fragment = (records[3]?.LastName ?? '').slice(1, 4).toUpperCase();
      const matching = records.filter((c) =>
        `${c.FirstName}\n${c.LastName}`.toLowerCase().includes(fragment.toLowerCase()),
      );
      expect(matching.length).toBeGreaterThan(0);
      expect(matching.length).toBeLessThan(records.length);
      expect(await listIds(`q=${encodeURIComponent(fragment)}`)).toEqual(
        ids(byChangedOnDesc(matching)),
      );
    });

    it('should filter by updatedSince', async () => {
      const records = byChangedOnDesc(store().contacts.list());
      const since = Math.floor((records[15]?.ChangedOn ?? 0) / 1000) * 1000;
      const matching = records.filter((c) => c.ChangedOn >= since);
      expect(matching.length).toBeGreaterThan(10);
      expect(matching.length).toBeLessThan(records.length);
      const iso = new Date(since).toISOString();
      expect(await listIds(`updatedSince=${iso}`)).toEqual(ids(matching));
      expect(upstream('GET', CONTACTS)[0]?.where).toBe(
        `ChangedOn >= '${iso.replace('.000Z', 'Z')}'`,
      );
    });

    it('should combine filters with AND', async () => {
      const account = accountWithMostContacts();
      const linked = byChangedOnDesc(
        store()
          .contacts.list()
          .filter((c) => c.AccountID === account.key),
      );
      const since = linked[1]?.ChangedOn ?? 0;
      const expectedIds = ids(linked.filter((c) => c.ChangedOn >= Math.floor(since / 1000) * 1000));
      expect(expectedIds.length).toBeLessThan(linked.length);
      expect(
        await listIds(`accountId=${account.id}&updatedSince=${new Date(since).toISOString()}`),
      ).toEqual(expectedIds);
    });

    it('should answer 400 on accountId when the account does not exist', async () => {
      const globexAccount = gw.sandbox.store(GLOBEX).accounts.list()[0]?.ObjectID ?? '';
      for (const accountId of [NO_SUCH_ID, globexAccount]) {
        const problem = await expectProblem(
          await gw.call(`/v1/contacts?accountId=${accountId}`),
          400,
          'VALIDATION_FAILED',
        );
        expect(problem.errors[0].field).toBe('accountId');
      }
      expect(upstream('GET', CONTACTS)).toEqual([]);
    });

    it.each([
      ['email', 'not-an-email'],
      ['email', `${'a'.repeat(250)}@example.com`],
      ['q', 'x'.repeat(201)],
      ['updatedSince', 'last tuesday'],
      ['accountId', 'not an id!'],
      ['sort', 'name'],
      ['limit', '101'],
      ['status', 'open'],
    ])('should refuse the query %s=%j with 400', async (field, value) => {
      const problem = await expectProblem(
        await gw.call(`/v1/contacts?${field}=${encodeURIComponent(value)}`),
        400,
        'VALIDATION_FAILED',
      );
      expect(problem.errors.map((e: { field: string }) => e.field)).toContain(field);
    });

    it('should send each word of a hostile q to the upstream as LIKE literals and match nothing else', async () => {
      const hostile = "x' OR '1'='1";
      expect(await listIds(`q=${encodeURIComponent(hostile)}`)).toEqual([]);
      const calls = upstream('GET', CONTACTS);
      expect(calls.length).toBeGreaterThan(0);
      const word = (value: string) => ({
        type: 'or',
        operands: ['FirstName', 'LastName'].map((field) => ({
          type: 'like',
          field,
          pattern: expect.objectContaining({ value: `%${value}%` }),
        })),
      });
      for (const call of calls) {
        expect(call.status).toBe(200);
        expect(call.whereAst).toEqual({
          type: 'and',
          operands: ["x'", 'OR', "'1'='1"].map(word),
        });
      }
    });

    it('should find a contact by its full name', async () => {
      const contact = store().contacts.list()[5]!;
      const found = await listIds(
        `q=${encodeURIComponent(`${contact.FirstName} ${contact.LastName}`)}`,
      );
      expect(found).toContain(contact.ObjectID);
    });

    it('should send a hostile email to the upstream as one string literal', async () => {
      const hostile = "x'OR'1'='1@example.com";
      expect(await listIds(`email=${encodeURIComponent(hostile)}`)).toEqual([]);
      const [call] = upstream('GET', CONTACTS);
      expect(call?.whereAst).toEqual({
        type: 'compare',
        field: 'Email',
        operator: '=',
        value: expect.objectContaining({ type: 'string', value: hostile }),
      });
    });

    it('should give the raw upstream record to internal callers only', async () => {
      await expectRawForInternalCallersOnly(gw, 'contacts', store().contacts.list());
    });

    it('should get one contact by id', async () => {
      const record = store()
        .contacts.list()
        .find((c) => c.AccountID !== null);
      expect(record).toBeDefined();
      const response = await gw.call(`/v1/contacts/${record?.ObjectID}`, { key: 'reader' });
      expect(response.status).toBe(200);
      expect(await json(response)).toEqual(expected(record as ContactRecord));
    });

    it('should answer 404 for an unknown id', async () => {
      await expectUnknownIdNotFound(gw, 'contacts', NO_SUCH_ID);
    });

    it("should answer 404 for another tenant's contact, never its data", async () => {
      const foreign = gw.sandbox.store(GLOBEX).contacts.list()[0] as ContactRecord;
      const response = await gw.call(`/v1/contacts/${foreign.ObjectID}`, { tenant: 'acme' });
      const text = await response.clone().text();
      await expectProblem(response, 404, 'NOT_FOUND');
      expect(text).not.toContain(foreign.LastName);
      expect(text).not.toContain(foreign.ContactID);
      const globex = await gw.call(`/v1/contacts/${foreign.ObjectID}`, { tenant: 'globex' });
      expect((await json(globex)).lastName).toBe(foreign.LastName);
    });

    it('should refuse a cursor replayed with other filters, sort, tenant or collection', async () => {
      const first = await json(await gw.call('/v1/contacts?limit=2&q=a'));
      const cursor = encodeURIComponent(first.page.nextCursor);
      expect((await gw.call(`/v1/contacts?q=a&cursor=${cursor}`)).status).toBe(200);
      await expectCursorsRefused(gw, [
        [`/v1/contacts?q=e&cursor=${cursor}`, 'acme'],
        [`/v1/contacts?cursor=${cursor}`, 'acme'],
        [`/v1/contacts?q=a&sort=createdAt&cursor=${cursor}`, 'acme'],
        [`/v1/contacts?q=a&cursor=${cursor}`, 'globex'],
        [`/v1/accounts?q=a&cursor=${cursor}`, 'acme'],
      ]);
    });
  });

  describe('writes', () => {
    it('should create a contact: 201, Location, native fields upstream, record in the store', async () => {
      const account = store().accounts.list()[2];
      const response = await gw.call('/v1/contacts', {
        key: 'writer',
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          firstName: 'Ada',
          lastName: 'Lovelace',
          email: 'ada@example.com',
          phone: '+44 (20) 7946-0018',
          accountId: account?.ObjectID,
        }),
      });
      expect(response.status).toBe(201);
      const created = await json(response);
      expect(response.headers.get('location')).toBe(`/v1/contacts/${created.id}`);

      const posts = upstream('POST', CONTACTS);
      expect(posts.map((r) => r.body)).toEqual([
        {
          FirstName: 'Ada',
          LastName: 'Lovelace',
          Email: 'ada@example.com',
          Phone: '+44 (20) 7946-0018',
          AccountID: account?.AccountID,
          CategoryCode: '1',
        },
      ]);
      const record = store().contacts.get(created.id) as ContactRecord;
      expect(record).toEqual(
        expect.objectContaining({
          FirstName: 'Ada',
          LastName: 'Lovelace',
          AccountID: account?.AccountID,
        }),
      );
      expect(created).toEqual(expected(record));
      expect(created.accountId).toBe(account?.ObjectID);

      const location = await gw.call(response.headers.get('location') ?? '');
      expect(location.status).toBe(200);
      expect(await json(location)).toEqual(created);
    });

    it('should create a contact with only the required fields, everything else null', async () => {
      const created = await createContact({ firstName: 'Grace', lastName: 'Hopper' });
      expect(created).toEqual(
        expect.objectContaining({
          firstName: 'Grace',
          lastName: 'Hopper',
          email: null,
          phone: null,
          accountId: null,
          number: expect.any(String),
        }),
      );
      expect(upstream('POST', CONTACTS)[0]?.body).toEqual({
        FirstName: 'Grace',
        LastName: 'Hopper',
        CategoryCode: '1',
      });
    });

    it('should let an incident link to a contact right after it was created, without a lookup', async () => {
      const created = await createContact({ firstName: 'Linus', lastName: 'Link' });
      gw.sandbox.requests.clear();
      const response = await gw.call('/v1/incidents', {
        key: 'writer',
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ subject: 'Linked to a new contact', contactId: created.id }),
      });
      expect(response.status).toBe(201);
      const incident = await json(response);
      expect(incident.contactId).toBe(created.id);
      expect(upstream('GET', `${CONTACTS}/${created.id}`)).toEqual([]);
      expect(gw.sandbox.store(ACME).incidents.get(incident.id)?.ReportedForPartyID).toBe(
        created.number,
      );
    });

    it('should find a created contact by a name with LIKE wildcards and a backslash in it', async () => {
      const created = await createContact({ firstName: 'Per', lastName: 'Cent%_\\50' });
      expect(store().contacts.get(created.id)?.LastName).toBe('Cent%_\\50');
      expect(await listIds(`q=${encodeURIComponent('%_\\')}`)).toEqual([created.id]);
      expect(await listIds(`q=${encodeURIComponent('T%_\\5')}`)).toEqual([created.id]);
      expect(await listIds(`q=${encodeURIComponent('nt_')}`)).toEqual([]);
      expect(await listIds(`q=${encodeURIComponent('t5%')}`)).toEqual([]);
    });

    it('should find a created contact by an email with quotes and wildcards, exactly', async () => {
      const email = "o'hara%_x@example.com";
      const created = await createContact({ firstName: 'Scarlett', lastName: "O'Hara", email });
      expect(await listIds(`email=${encodeURIComponent(email)}`)).toEqual([created.id]);
      expect(await listIds(`email=${encodeURIComponent("o'haraab_x@example.com")}`)).toEqual([]);
    });

    it('should answer 400 on accountId when creating with an unknown account, writing nothing', async () => {
      const before = store().contacts.size;
      const response = await gw.call('/v1/contacts', {
        key: 'writer',
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ firstName: 'No', lastName: 'Account', accountId: NO_SUCH_ID }),
      });
      const problem = await expectProblem(response, 400, 'VALIDATION_FAILED');
      expect(problem.errors[0].field).toBe('accountId');
      expect(upstream('POST', CONTACTS)).toEqual([]);
      expect(store().contacts.size).toBe(before);
    });

    it.each<[string, Record<string, unknown>]>([
      ['firstName', { lastName: 'Only' }],
      ['lastName', { firstName: 'Only' }],
      ['lastName', { firstName: 'A', lastName: '' }],
      ['firstName', { firstName: '   ', lastName: 'Blank' }],
      ['lastName', { firstName: 'A', lastName: 'x'.repeat(81) }],
      ['firstName', { firstName: 42, lastName: 'Number' }],
      ['email', { firstName: 'A', lastName: 'B', email: 'not-an-email' }],
      ['email', { firstName: 'A', lastName: 'B', email: `${'a'.repeat(250)}@example.com` }],
      ['phone', { firstName: 'A', lastName: 'B', phone: 'call me maybe' }],
      ['phone', { firstName: 'A', lastName: 'B', phone: '1'.repeat(41) }],
      ['accountId', { firstName: 'A', lastName: 'B', accountId: 'not an id!' }],
      ['CategoryCode', { firstName: 'A', lastName: 'B', CategoryCode: '2' }],
      ['id', { firstName: 'A', lastName: 'B', id: NO_SUCH_ID }],
    ])('should refuse a create with a bad %s', async (field, body) => {
      const response = await gw.call('/v1/contacts', {
        key: 'writer',
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      const problem = await expectProblem(response, 400, 'VALIDATION_FAILED');
      expect(problem.errors.map((e: { field: string }) => e.field)).toContain(field);
      expect(upstream('POST', CONTACTS)).toEqual([]);
    });

    it('should accept names of 80 characters and a 40-character phone', async () => {
      const created = await createContact({
        firstName: 'f'.repeat(80),
        lastName: 'l'.repeat(80),
        phone: '+1 (555) 010-9999 / 12.34'.padEnd(40, '0'),
      });
      expect(store().contacts.get(created.id)?.LastName).toBe('l'.repeat(80));
      expect(created.phone).toHaveLength(40);
    });

    it('should update only the sent fields without reading first, and answer the new record', async () => {
      const created = await createContact({
        firstName: 'Edit',
        lastName: 'Me',
        phone: '123',
        email: 'edit@example.com',
      });
      gw.sandbox.requests.clear();
      const response = await patch(created.id, { lastName: 'Edited', phone: null });
      expect(response.status).toBe(200);
      const updated = await json(response);
      expect(recordsFor(created.id)).toEqual([
        { method: 'PATCH', body: { LastName: 'Edited', Phone: null } },
        { method: 'GET' },
      ]);
      const record = store().contacts.get(created.id) as ContactRecord;
      expect(record).toEqual(
        expect.objectContaining({
          FirstName: 'Edit',
          LastName: 'Edited',
          Phone: null,
          Email: 'edit@example.com',
        }),
      );
      expect(updated).toEqual(expected(record));
      expect(updated.version).not.toBe(created.version);
    });

    it('should update with a matching If-Match and refuse a stale one with 412', async () => {
      const created = await createContact({ firstName: 'Ver', lastName: 'Sion' });
      gw.sandbox.requests.clear();
      const ok = await patch(created.id, { firstName: 'Version' }, { 'if-match': created.version });
      expect(ok.status).toBe(200);
      const updated = await json(ok);
      expect(updated.firstName).toBe('Version');
      expect(recordsFor(created.id).map((r) => r.method)).toEqual(['GET', 'PATCH', 'GET']);

      gw.sandbox.requests.clear();
      const stale = await patch(created.id, { firstName: 'Lost' }, { 'if-match': created.version });
      await expectProblem(stale, 412, 'PRECONDITION_FAILED');
      expect(recordsFor(created.id).map((r) => r.method)).toEqual(['GET']);
      expect(store().contacts.get(created.id)?.FirstName).toBe('Version');
      expect(store().contacts.get(created.id)?.ETag).toBe(updated.version);
    });

    it('should unlink with accountId null and relink to another account', async () => {
      const [first, second] = store().accounts.list();
      const created = await createContact({
        firstName: 'Re',
        lastName: 'Link',
        accountId: first?.ObjectID,
      });
      gw.sandbox.requests.clear();
      const unlinked = await json(await patch(created.id, { accountId: null }));
      expect(unlinked.accountId).toBeNull();
      expect(upstream('PATCH', `${CONTACTS}/${created.id}`)[0]?.body).toEqual({ AccountID: null });
      expect(store().contacts.get(created.id)?.AccountID).toBeNull();

      const relinked = await json(await patch(created.id, { accountId: second?.ObjectID }));
      expect(relinked.accountId).toBe(second?.ObjectID);
      expect(store().contacts.get(created.id)?.AccountID).toBe(second?.AccountID);
    });

    it('should refuse an update with an unknown account, a null name or an unknown field', async () => {
      const created = await createContact({ firstName: 'Keep', lastName: 'Me' });
      gw.sandbox.requests.clear();
      for (const [field, body] of [
        ['accountId', { accountId: NO_SUCH_ID }],
        ['firstName', { firstName: null }],
        ['lastName', { lastName: '' }],
        ['ContactID', { ContactID: '1' }],
      ] as const) {
        const problem = await expectProblem(
          await patch(created.id, body),
          400,
          'VALIDATION_FAILED',
        );
        expect(problem.errors[0].field).toBe(field);
      }
      expect(upstream('PATCH', `${CONTACTS}/${created.id}`)).toEqual([]);
      expect(store().contacts.get(created.id)?.ETag).toBe(created.version);
    });

    it('should answer 404 when updating an unknown contact', async () => {
      await expectProblem(await patch(NO_SUCH_ID, { firstName: 'Ghost' }), 404, 'NOT_FOUND');
      await expectProblem(
        await patch(NO_SUCH_ID, { firstName: 'Ghost' }, { 'if-match': 'W/"x"' }),
        404,
        'NOT_FOUND',
      );
    });

    it('should delete a contact: 204, gone from the store, then 404', async () => {
      const created = await createContact({ firstName: 'Gone', lastName: 'Soon' });
      const response = await gw.call(`/v1/contacts/${created.id}`, {
        key: 'writer',
        method: 'DELETE',
      });
      expect(response.status).toBe(204);
      expect(await response.text()).toBe('');
      expect(upstream('DELETE', `${CONTACTS}/${created.id}`)).toHaveLength(1);
      expect(store().contacts.has(created.id)).toBe(false);
      await expectProblem(await gw.call(`/v1/contacts/${created.id}`), 404, 'NOT_FOUND');
      await expectProblem(
        await gw.call(`/v1/contacts/${created.id}`, { key: 'writer', method: 'DELETE' }),
        404,
        'NOT_FOUND',
      );
    });

    it('should never answer a cached body after a write', async () => {
      await expectNoCachedBodyAfterWrites(gw, {
        collection: 'contacts',
        q: 'Cache',
        field: 'lastName',
        create: () => createContact({ firstName: 'Cache', lastName: 'Me' }),
        createSecond: () => createContact({ firstName: 'Cache', lastName: 'Too' }),
        before: 'Me',
        change: { body: { lastName: 'Fresh' }, to: 'Fresh' },
      });
    });

    it('should answer bodies that match the OpenAPI document', async () => {
      const check = await openApiCheck(gw);
      const account = store().accounts.list()[0]?.ObjectID;
      const post = await gw.call('/v1/contacts', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ firstName: 'Schema', lastName: 'Check', accountId: account }),
      });
      const created = await json(post.clone());
      await check('/v1/contacts', 'POST', post, 201);
      await check('/v1/contacts', 'GET', await gw.call('/v1/contacts?limit=5&include=raw'), 200);
      await check('/v1/contacts/{id}', 'GET', await gw.call(`/v1/contacts/${created.id}`), 200);
      await check(
        '/v1/contacts/{id}',
        'PATCH',
        await patch(created.id, { email: 'schema@example.com', accountId: null }),
        200,
      );
      await check('/v1/contacts/{id}', 'GET', await gw.call(`/v1/contacts/${NO_SUCH_ID}`), 404);
      await check('/v1/contacts', 'GET', await gw.call('/v1/contacts?email=nope'), 400);
      await check(
        '/v1/contacts/{id}',
        'PATCH',
        await patch(created.id, { firstName: 'X' }, { 'if-match': 'W/"stale"' }),
        412,
      );
    });

    it('should refuse writes to a caller without the write scope', async () => {
      const id = store().contacts.list()[0]?.ObjectID ?? '';
      const json = { 'content-type': 'application/json' };
      for (const [path, method, body] of [
        ['/v1/contacts', 'POST', '{"firstName":"A","lastName":"B"}'],
        [`/v1/contacts/${id}`, 'PATCH', '{"firstName":"A"}'],
        [`/v1/contacts/${id}`, 'DELETE', undefined],
      ] as const) {
        await expectProblem(
          await gw.call(path, { key: 'reader', method, body, headers: body ? json : {} }),
          403,
          'FORBIDDEN',
        );
      }
      expect(gw.sandbox.requests.list().filter((r) => r.method !== 'GET')).toEqual([]);
    });
  });
});
