import type { IncidentRecord } from '../../src/sandbox/sandbox.js';
import { expectProblem } from '../support/problem-assertions.js';
import { walkPages } from '../support/paging.js';
import { json, startTestGateway, type TestGateway } from '../support/test-gateway.js';

describe('Incidents', () => {
  let gw: TestGateway;
  let records: IncidentRecord[];

  const ids = (items: { id: string }[]): string[] => items.map((i) => i.id).sort();
  const recordIds = (filter: (r: IncidentRecord) => boolean): string[] =>
    records
      .filter(filter)
      .map((r) => r.ObjectID)
      .sort();

  beforeAll(async () => {
    gw = await startTestGateway();
    records = gw.sandbox.store('1001').incidents.list();
  });

  afterAll(async () => {
    await gw.close();
  });

  describe('lists', () => {
    it('should page through every incident once, with nextCursor null on the last page', async () => {
      gw.sandbox.requests.clear();
      const walk = await walkPages<{ id: string }>(gw, '/v1/incidents?limit=25');
      expect(walk.pages).toBe(Math.ceil(records.length / 25));
      expect(walk.pages).toBeGreaterThan(3);
      expect(ids(walk.items)).toEqual(recordIds(() => true));
      expect(new Set(ids(walk.items)).size).toBe(records.length);
    });

    it('should end on an exactly full last page although the upstream still sends a next-page token', async () => {
      const limit = records.length / 4;
      expect(Number.isInteger(limit)).toBe(true);
      const walk = await walkPages<{ id: string }>(gw, `/v1/incidents?limit=${limit}`);
      expect(walk.pages).toBe(4);
      const tokens = gw.sandbox.requests.list().filter((r) => r.status === 200);
      expect(tokens.length).toBeGreaterThan(0);
    });

    it.each<[string, (r: IncidentRecord) => boolean]>([
      ['status=open', (r) => r.ServiceRequestLifeCycleStatusCode === '1'],
      [
        'status=in_progress,closed',
        (r) => ['2', '4'].includes(r.ServiceRequestLifeCycleStatusCode ?? ''),
      ],
      ['status=3', (r) => r.ServiceRequestLifeCycleStatusCode === '3'],
      ['status=Z1', (r) => r.ServiceRequestLifeCycleStatusCode === 'Z1'],
      ['priority=urgent', (r) => r.ServicePriorityCode === '2'],
      ['priority=immediate,7', (r) => ['1', '7'].includes(r.ServicePriorityCode ?? '')],
      ['q=printer', (r) => (r.Name?.content ?? '').toLowerCase().includes('printer')],
    ])('should filter by %s exactly as the store holds', async (query, matches) => {
      const expected = recordIds(matches);
      expect(expected.length).toBeGreaterThan(0);
      const walk = await walkPages<{ id: string; status: unknown }>(
        gw,
        `/v1/incidents?limit=100&${query}`,
      );
      expect(ids(walk.items)).toEqual(expected);
    });

    it('should filter by accountId and contactId through their business keys', async () => {
      const withAccount = records.find(
        (r) => r.CustomerID !== null && r.ReportedForPartyID !== null,
      ) as IncidentRecord;
      const store = gw.sandbox.store('1001');
      const account = store.findAccountByNumber(withAccount.CustomerID as string);
      const contact = store.findContactByNumber(withAccount.ReportedForPartyID as string);
      const byAccount = await walkPages<{ id: string; accountId: string }>(
        gw,
        `/v1/incidents?limit=100&accountId=${account?.ObjectID}`,
      );
      expect(ids(byAccount.items)).toEqual(
        recordIds((r) => r.CustomerID === withAccount.CustomerID),
      );
      expect(byAccount.items.every((i) => i.accountId === account?.ObjectID)).toBe(true);
      const byContact = await walkPages<{ id: string }>(
        gw,
        `/v1/incidents?limit=100&contactId=${contact?.ObjectID}`,
      );
      expect(ids(byContact.items)).toEqual(
        recordIds((r) => r.ReportedForPartyID === withAccount.ReportedForPartyID),
      );
    });

    it('should answer 400 on the field for an accountId that names no account', async () => {
      const body = await expectProblem(
        await gw.call('/v1/incidents?accountId=00163E00000000000000000000000000'),
        400,
        'VALIDATION_FAILED',
      );
      expect(body.errors).toEqual([expect.objectContaining({ field: 'accountId' })]);
    });

    it('should filter by updatedSince and createdSince', async () => {
      const times = records.map((r) => r.LastChangeDateTime).sort((a, b) => a - b);
      const median = times[Math.floor(times.length / 2)] as number;
      const since = new Date(Math.floor(median / 1000) * 1000).toISOString();
      const updated = await walkPages<{ id: string }>(
        gw,
        `/v1/incidents?limit=100&updatedSince=${since}`,
      );
      expect(ids(updated.items)).toEqual(
        recordIds((r) => r.LastChangeDateTime >= Date.parse(since)),
      );
      const created = await walkPages<{ id: string }>(
        gw,
        `/v1/incidents?limit=100&createdSince=${since}`,
      );
      expect(ids(created.items)).toEqual(recordIds((r) => r.CreationDateTime >= Date.parse(since)));
    });

    it('should sort by updatedAt and createdAt both ways', async () => {
      for (const sort of ['updatedAt', '-updatedAt', 'createdAt', '-createdAt']) {
        const walk = await walkPages<{ updatedAt: string; createdAt: string }>(
          gw,
          `/v1/incidents?limit=50&sort=${sort}`,
        );
        const field = sort.replace('-', '') as 'updatedAt' | 'createdAt';
        const values = walk.items.map((i) => Date.parse(i[field]));
        const sorted = [...values].sort((a, b) => (sort.startsWith('-') ? b - a : a - b));
        expect(values).toEqual(sorted);
      }
    });

    it('should send a hostile q to the upstream as one string literal and match nothing else', async () => {
      gw.sandbox.requests.clear();
      const hostile = "x' OR '1'='1 \\' %_ 😀";
      const response = await gw.call(`/v1/incidents?q=${encodeURIComponent(hostile)}`);
      expect(response.status).toBe(200);
      expect((await json(response)).data).toEqual([]);
      const list = gw.sandbox.requests
        .list()
        .find((r) => r.path.endsWith('/hubs/helpdesk/incidents') && r.where);
      const pattern = `%${hostile}%`;
      expect(list?.whereAst).toEqual(
        expect.objectContaining({
          field: 'Name.content',
          pattern: {
            type: 'string',
            value: pattern,
            escaped: [pattern.indexOf('\\'), pattern.indexOf('%', 1), pattern.indexOf('_')],
          },
        }),
      );
    });

    it('should refuse a cursor replayed with other filters or for another tenant', async () => {
      const first = await json(await gw.call('/v1/incidents?limit=5&status=open'));
      const cursor = encodeURIComponent(first.page.nextCursor as string);
      await expectProblem(
        await gw.call(`/v1/incidents?limit=5&status=closed&cursor=${cursor}`),
        400,
        'VALIDATION_FAILED',
      );
      await expectProblem(
        await gw.call(`/v1/incidents?status=open&cursor=${cursor}`, { tenant: 'globex' }),
        400,
        'VALIDATION_FAILED',
      );
      expect((await gw.call(`/v1/incidents?status=open&cursor=${cursor}`)).status).toBe(200);
    });
  });

  describe('single records', () => {
    it('should map a stored record to the normalized shape with linked ids', async () => {
      const record = records.find(
        (r) => r.CustomerID && r.ReportedForPartyID && r.ServicePriorityCode,
      ) as IncidentRecord;
      const body = await json(await gw.call(`/v1/incidents/${record.ObjectID}`));
      const store = gw.sandbox.store('1001');
      expect(body).toEqual({
        id: record.ObjectID,
        number: record.ID,
        subject: record.Name?.content ?? null,
        description:
          store.commentsOf(record.ObjectID).find((c) => c.TypeCode === '10004')?.Text ?? null,
        status: expect.objectContaining({ code: record.ServiceRequestLifeCycleStatusCode }),
        priority: {
          code: record.ServicePriorityCode,
          name: record.ServicePriorityCodeText,
          level: expect.any(String),
        },
        accountId: store.findAccountByNumber(record.CustomerID as string)?.ObjectID,
        contactId: store.findContactByNumber(record.ReportedForPartyID as string)?.ObjectID,
        reporterId: record.ReporterPartyID
          ? (store.findContactByNumber(record.ReporterPartyID)?.ObjectID ?? null)
          : null,
        assigneeId: record.AssignedTo,
        dueAt:
          record.CompletionDueDate === null
            ? null
            : new Date(record.CompletionDueDate).toISOString(),
        createdAt: new Date(record.CreationDateTime).toISOString(),
        updatedAt: new Date(record.LastChangeDateTime).toISOString(),
        version: record.ETag,
      });
      expect(JSON.stringify(body)).not.toMatch(/"(ObjectID|ServicePriorityCode|CustomerID|Name)"/);
    });

    it('should keep an unknown status code with category unknown', async () => {
      const odd = records.find(
        (r) => r.ServiceRequestLifeCycleStatusCode === 'Z1',
      ) as IncidentRecord;
      const body = await json(await gw.call(`/v1/incidents/${odd.ObjectID}`));
      expect(body.status).toEqual({ code: 'Z1', name: 'Waiting for SAP', category: 'unknown' });
    });

    it('should add raw for internal callers only', async () => {
      const id = records[0]?.ObjectID as string;
      const internal = await json(await gw.call(`/v1/incidents/${id}?include=raw`));
      expect(internal.raw).toEqual(expect.objectContaining({ ObjectID: id }));
      await expectProblem(
        await gw.call(`/v1/incidents/${id}?include=raw`, { key: 'reader' }),
        403,
        'FORBIDDEN',
      );
      const list = await json(await gw.call('/v1/incidents?limit=2&include=raw'));
      expect(list.data[0].raw).toEqual(expect.objectContaining({ ObjectID: list.data[0].id }));
    });

    it('should answer 404 for an unknown id and for another tenant’s incident', async () => {
      await expectProblem(
        await gw.call('/v1/incidents/00163E00000000000000000000000000'),
        404,
        'NOT_FOUND',
      );
      const foreign = gw.sandbox.store('1002').incidents.list()[0] as IncidentRecord;
      await expectProblem(await gw.call(`/v1/incidents/${foreign.ObjectID}`), 404, 'NOT_FOUND');
    });
  });

  describe('writes', () => {
    it('should create with 201, Location and the native fields C4C expects', async () => {
      const store = gw.sandbox.store('1001');
      const account = store.accounts.list()[0];
      const contact = store.contacts.list()[0];
      gw.sandbox.requests.clear();
      const response = await gw.call('/v1/incidents', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          subject: 'Coffee machine leaks',
          description: 'Water everywhere',
          priority: 'urgent',
          accountId: account?.ObjectID,
          contactId: contact?.ObjectID,
        }),
      });
      expect(response.status).toBe(201);
      const created = await json(response);
      expect(response.headers.get('location')).toBe(`/v1/incidents/${created.id}`);
      expect(created).toEqual(
        expect.objectContaining({
          subject: 'Coffee machine leaks',
          description: 'Water everywhere',
          priority: expect.objectContaining({ code: '2', level: 'urgent' }),
          accountId: account?.ObjectID,
          contactId: contact?.ObjectID,
        }),
      );
      const post = gw.sandbox.requests.list().find((r) => r.method === 'POST');
      expect(post?.body).toEqual({
        Name: { content: 'Coffee machine leaks' },
        ServicePriorityCode: '2',
        CustomerID: account?.AccountID,
        ReportedForPartyID: contact?.ContactID,
        ServiceRequestDescription: [{ Text: 'Water everywhere', TypeCode: '10004' }],
      });
      const readBack = await json(await gw.call(response.headers.get('location') as string));
      expect(readBack).toEqual(
        expect.objectContaining({ id: created.id, description: 'Water everywhere' }),
      );
    });

    it('should update fields and the description, honouring If-Match', async () => {
      const created = await json(
        await gw.call('/v1/incidents', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ subject: 'Before', description: 'Old text' }),
        }),
      );
      const current = await json(await gw.call(`/v1/incidents/${created.id}`));
      const patched = await gw.call(`/v1/incidents/${created.id}`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json', 'if-match': current.version },
        body: JSON.stringify({
          subject: 'After',
          status: 'in_progress',
          priority: '7',
          description: 'New text',
        }),
      });
      expect(patched.status).toBe(200);
      const body = await json(patched);
      expect(body).toEqual(
        expect.objectContaining({
          subject: 'After',
          description: 'New text',
          status: expect.objectContaining({ code: '2', category: 'in_progress' }),
          priority: expect.objectContaining({ code: '7', level: 'low' }),
        }),
      );
      expect(body.version).not.toBe(current.version);
      const native = gw.sandbox.store('1001').incidents.get(created.id);
      expect(native?.Name?.content).toBe('After');
      expect(
        gw.sandbox
          .store('1001')
          .commentsOf(created.id)
          .filter((c) => c.TypeCode === '10004')
          .map((c) => c.Text),
      ).toEqual(['New text']);

      const stale = await gw.call(`/v1/incidents/${created.id}`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json', 'if-match': current.version },
        body: JSON.stringify({ subject: 'Lost update' }),
      });
      await expectProblem(stale, 412, 'PRECONDITION_FAILED');
      expect(gw.sandbox.store('1001').incidents.get(created.id)?.Name?.content).toBe('After');
    });

    it('should delete with 204, after which the incident is gone', async () => {
      const created = await json(
        await gw.call('/v1/incidents', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ subject: 'Temporary' }),
        }),
      );
      const response = await gw.call(`/v1/incidents/${created.id}`, { method: 'DELETE' });
      expect(response.status).toBe(204);
      expect(await response.text()).toBe('');
      await expectProblem(await gw.call(`/v1/incidents/${created.id}`), 404, 'NOT_FOUND');
      expect(gw.sandbox.store('1001').incidents.has(created.id)).toBe(false);
    });

    it('should refuse an incident without a subject or with a bad priority', async () => {
      const response = await gw.call('/v1/incidents', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ description: 'no subject', priority: 'very high!' }),
      });
      const body = await expectProblem(response, 400, 'VALIDATION_FAILED');
      expect(new Set((body.errors as { field: string }[]).map((e) => e.field))).toEqual(
        new Set(['subject', 'priority']),
      );
    });
  });

  describe('null and blank values in writes', () => {
    const JSON_HEADERS = { 'content-type': 'application/json' };
    let target: Record<string, any>;

    const store = () => gw.sandbox.store('1001');
    const post = (body: unknown) =>
      gw.call('/v1/incidents', {
        method: 'POST',
        headers: JSON_HEADERS,
        body: JSON.stringify(body),
      });
    const patch = (id: string, body: unknown) =>
      gw.call(`/v1/incidents/${id}`, {
        method: 'PATCH',
        headers: JSON_HEADERS,
        body: JSON.stringify(body),
      });
    const upstreamWrites = () => gw.sandbox.requests.list().filter((r) => r.method !== 'GET');
    const descriptionsOf = (id: string) =>
      store()
        .commentsOf(id)
        .filter((c) => c.TypeCode === '10004')
        .map((c) => c.Text);

    beforeAll(async () => {
      const response = await post({
        subject: 'Keep me',
        description: 'Keep this text',
        priority: 'urgent',
      });
      expect(response.status).toBe(201);
      target = await json(response);
    });

    it.each<[string, Record<string, unknown>, string, RegExp]>([
      ['status null', { status: null }, 'status', /must be a string/],
      ['priority null', { priority: null }, 'priority', /must be a string/],
      ['subject null', { subject: null }, 'subject', /must be a string/],
      ['description null', { description: null }, 'description', /must be a string/],
      ['status null beside a valid subject', { subject: 'Fine', status: null }, 'status', /string/],
      ['an empty subject', { subject: '' }, 'subject', /must not be blank/],
      ['a blank subject', { subject: '   ' }, 'subject', /must not be blank/],
      ['an empty description', { description: '' }, 'description', /longer than or equal to 1/],
      ['a blank description', { description: ' \n\t ' }, 'description', /must not be blank/],
    ])(
      'should refuse a PATCH with %s with 400 on the field and no upstream write',
      async (_label, body, field, message) => {
        const before = store().incidents.get(target.id);
        gw.sandbox.requests.clear();
        const problem = await expectProblem(await patch(target.id, body), 400, 'VALIDATION_FAILED');
        const errors = problem.errors as { field: string; message: string }[];
        expect([...new Set(errors.map((e) => e.field))]).toEqual([field]);
        expect(errors.map((e) => e.message)).toContainEqual(expect.stringMatching(message));
        expect(upstreamWrites()).toEqual([]);
        expect(store().incidents.get(target.id)).toEqual(before);
        expect(descriptionsOf(target.id)).toEqual(['Keep this text']);
        const readBack = await json(await gw.call(`/v1/incidents/${target.id}`));
        expect(readBack).toEqual(
          expect.objectContaining({
            subject: 'Keep me',
            description: 'Keep this text',
            priority: expect.objectContaining({ code: '2' }),
            status: expect.objectContaining({ code: '1' }),
          }),
        );
      },
    );

    it.each<[string, Record<string, unknown>, string, RegExp]>([
      ['an empty description', { subject: 'x', description: '' }, 'description', /longer than/],
      ['a blank description', { subject: 'x', description: '  ' }, 'description', /blank/],
      ['a null description', { subject: 'x', description: null }, 'description', /string/],
      ['a blank subject', { subject: ' \t ' }, 'subject', /must not be blank/],
      ['a null subject', { subject: null }, 'subject', /must be a string/],
      ['a null priority', { subject: 'x', priority: null }, 'priority', /must be a string/],
    ])(
      'should refuse to create an incident with %s with 400 on the field and no upstream write',
      async (_label, body, field, message) => {
        const count = store().incidents.list().length;
        gw.sandbox.requests.clear();
        const problem = await expectProblem(await post(body), 400, 'VALIDATION_FAILED');
        const errors = problem.errors as { field: string; message: string }[];
        expect([...new Set(errors.map((e) => e.field))]).toEqual([field]);
        expect(errors.map((e) => e.message)).toContainEqual(expect.stringMatching(message));
        expect(upstreamWrites()).toEqual([]);
        expect(store().incidents.list()).toHaveLength(count);
      },
    );

    it('should still unlink the account and the contact with null on PATCH', async () => {
      const account = store().accounts.list()[0];
      const contact = store().contacts.list()[0];
      const linked = await json(
        await post({
          subject: 'Linked',
          accountId: account?.ObjectID,
          contactId: contact?.ObjectID,
        }),
      );
      expect(linked).toEqual(
        expect.objectContaining({ accountId: account?.ObjectID, contactId: contact?.ObjectID }),
      );
      gw.sandbox.requests.clear();
      const response = await patch(linked.id, { accountId: null, contactId: null });
      expect(response.status).toBe(200);
      expect(await json(response)).toEqual(
        expect.objectContaining({ subject: 'Linked', accountId: null, contactId: null }),
      );
      expect(upstreamWrites().map((r) => r.body)).toEqual([
        { CustomerID: null, ReportedForPartyID: null },
      ]);
      expect(store().incidents.get(linked.id)).toEqual(
        expect.objectContaining({ CustomerID: null, ReportedForPartyID: null }),
      );
    });

    it('should keep text around non-blank content as given', async () => {
      const response = await patch(target.id, { subject: '  Spaced  ' });
      expect(response.status).toBe(200);
      expect((await json(response)).subject).toBe('  Spaced  ');
      expect(store().incidents.get(target.id)?.Name?.content).toBe('  Spaced  ');
      expect((await patch(target.id, { subject: 'Keep me' })).status).toBe(200);
    });
  });
});

describe('Incident expansion', () => {
  let gw: TestGateway;

  beforeAll(async () => {
    gw = await startTestGateway();
  });

  afterAll(async () => {
    await gw.close();
  });

  afterEach(() => {
    gw.sandbox.faults.clear();
  });

  const linked = (): IncidentRecord =>
    gw.sandbox
      .store('1001')
      .incidents.list()
      .find((r) => r.CustomerID && r.ReportedForPartyID) as IncidentRecord;

  it('should fill comments, contact and account in parallel', async () => {
    const record = linked();
    const store = gw.sandbox.store('1001');
    gw.sandbox.setLatency(150);
    const started = Date.now();
    const body = await json(
      await gw.call(`/v1/incidents/${record.ObjectID}?expand=comments,contact,account`),
    );
    const elapsed = Date.now() - started;
    gw.sandbox.setLatency(0);
    expect(body.id).toBe(record.ObjectID);
    expect(body.contact).toEqual(
      expect.objectContaining({
        id: store.findContactByNumber(record.ReportedForPartyID as string)?.ObjectID,
      }),
    );
    expect(body.account).toEqual(
      expect.objectContaining({
        id: store.findAccountByNumber(record.CustomerID as string)?.ObjectID,
      }),
    );
    expect(body.comments.data.map((c: { id: string }) => c.id).sort()).toEqual(
      store
        .commentsOf(record.ObjectID)
        .map((c) => c.ObjectID)
        .sort()
        .slice(0, 25),
    );
    expect(body.comments.page).toEqual(expect.objectContaining({ limit: 25 }));
    expect(body).not.toHaveProperty('expansionErrors');
    // Sequential would be incident + 3 expansions (each with its own look-ups); parallel is far less.
    expect(elapsed).toBeLessThan(150 * 6);
  });

  it('should still answer 200 with the failed member null and an expansionErrors entry', async () => {
    const record = linked();
    gw.sandbox.faults.add({ path: '/hubs/helpdesk/contacts/', status: 503 });
    const response = await gw.call(`/v1/incidents/${record.ObjectID}?expand=contact,account`, {
      headers: { 'cache-control': 'no-cache' },
    });
    expect(response.status).toBe(200);
    const body = await json(response);
    expect(body.contact).toBeNull();
    expect(body.account).toEqual(expect.objectContaining({ id: expect.any(String) }));
    expect(body.expansionErrors).toEqual([{ expand: 'contact', code: 'UPSTREAM_UNAVAILABLE' }]);
  });

  it('should give null without an error for an unlinked contact, and refuse unknown expansions', async () => {
    const unlinked = gw.sandbox
      .store('1001')
      .incidents.list()
      .find((r) => r.ReportedForPartyID === null) as IncidentRecord;
    const body = await json(await gw.call(`/v1/incidents/${unlinked.ObjectID}?expand=contact`));
    expect(body.contact).toBeNull();
    expect(body).not.toHaveProperty('expansionErrors');
    await expectProblem(
      await gw.call(`/v1/incidents/${unlinked.ObjectID}?expand=owner`),
      400,
      'VALIDATION_FAILED',
    );
  });
});
