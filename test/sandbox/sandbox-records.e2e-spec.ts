import type { AccountRecord, ContactRecord, Sandbox } from '../../src/sandbox/sandbox.js';
import { body, hub, startTestSandbox, type IncidentView } from './sandbox-test-client.js';

describe('sandbox accounts, contacts and incidents', () => {
  let sandbox: Sandbox;

  beforeAll(async () => {
    sandbox = await startTestSandbox();
  });

  afterAll(async () => {
    await sandbox.close();
  });

  it('should run the churros CRUD cycle on accounts with 200 for POST and DELETE', async () => {
    const created = await hub(sandbox, '/accounts', {
      method: 'POST',
      json: {
        AccountName: 'Churros AG',
        Email: 'info@churros.example',
        Phone: '+1 555',
        RoleCode: 'CRM000',
      },
    });
    expect(created.status).toBe(200);
    const account = await body<AccountRecord>(created);
    expect(account).toMatchObject({
      AccountName: 'Churros AG',
      RoleCode: 'CRM000',
      Email: 'info@churros.example',
    });
    expect(account.ObjectID).toMatch(/^[0-9A-F]{32}$/);
    expect(account.id).toBe(account.ObjectID);
    expect(account.AccountID).toMatch(/^\d+$/);
    expect(typeof account.CreatedOn).toBe('number');

    const read = await body<AccountRecord>(await hub(sandbox, `/accounts/${account.id}`));
    expect(read).toEqual(account);

    const patched = await hub(sandbox, `/accounts/${account.id}`, {
      method: 'PATCH',
      json: { AccountName: 'Renamed AG' },
    });
    expect(patched.status).toBe(200);
    const updated = await body<AccountRecord>(patched);
    expect(updated).toMatchObject({ AccountName: 'Renamed AG', Email: 'info@churros.example' });
    expect(updated.ETag).not.toBe(account.ETag);
    expect(updated.ChangedOn).toBeGreaterThanOrEqual(account.ChangedOn);

    const deleted = await hub(sandbox, `/accounts/${account.id}`, { method: 'DELETE' });
    expect(deleted.status).toBe(200);
    expect(await deleted.text()).toBe('');
    expect((await hub(sandbox, `/accounts/${account.id}`)).status).toBe(404);
  });

  it('should create a contact linked to an account by business key', async () => {
    const [account] = sandbox.store('1001').accounts.list();
    const response = await hub(sandbox, '/contacts', {
      method: 'POST',
      json: {
        FirstName: 'Ada',
        LastName: 'Lovelace',
        CategoryCode: '1',
        AccountID: account?.AccountID,
      },
    });
    expect(response.status).toBe(200);
    const contact = await body<ContactRecord>(response);
    expect(contact).toMatchObject({
      FirstName: 'Ada',
      LastName: 'Lovelace',
      AccountID: account?.AccountID,
      Email: null,
    });
    expect(sandbox.store('1001').contacts.get(contact.id)?.ContactID).toBe(contact.ContactID);
  });

  it('should create an incident with its description comment and default codes', async () => {
    const response = await hub(sandbox, '/incidents', {
      method: 'POST',
      json: {
        ServicePriorityCode: '2',
        Name: { content: 'Coffee machine leaks' },
        ServiceRequestDescription: [{ Text: 'Water everywhere', TypeCode: '10004' }],
      },
    });
    expect(response.status).toBe(200);
    const incident = await body<IncidentView>(response);
    expect(incident).toMatchObject({
      Name: { content: 'Coffee machine leaks', languageCode: 'EN' },
      ServicePriorityCode: '2',
      ServicePriorityCodeText: 'Urgent',
      ServiceRequestLifeCycleStatusCode: '1',
      ServiceRequestLifeCycleStatusCodeText: 'Open',
      ProcessingTypeCode: 'SRRQ',
      ServiceRequestDescription: {
        __deferred: { uri: expect.stringContaining(incident.ObjectID) },
      },
    });
    const comments = sandbox.store('1001').commentsOf(incident.id);
    expect(comments).toEqual([
      expect.objectContaining({ Text: 'Water everywhere', TypeCode: '10004' }),
    ]);
  });

  it('should merge a PATCHed Name and refresh texts, dates and ETag', async () => {
    const incident = sandbox
      .store('1001')
      .incidents.list()
      .find((i) => i.Name !== null)!;
    const response = await hub(sandbox, `/incidents/${incident.id}`, {
      method: 'PATCH',
      json: {
        Name: { content: 'New subject' },
        ServicePriorityCode: '7',
        ServiceRequestLifeCycleStatusCode: '3',
      },
    });
    expect(response.status).toBe(200);
    const updated = await body<IncidentView>(response);
    expect(updated).toMatchObject({
      Name: { content: 'New subject', languageCode: incident.Name?.languageCode },
      ServicePriorityCodeText: 'Low',
      ServiceRequestLifeCycleStatusCodeText: 'Completed',
    });
    expect(updated.ETag).not.toBe(incident.ETag);
    expect(updated.LastChangeDateTime).toBe(updated.ChangedOn);
    expect(updated.ChangedOn).toBeGreaterThan(incident.ChangedOn);
  });

  it('should give two quick updates different ETags', async () => {
    const [incident] = sandbox.store('1001').incidents.list();
    const first = await body<IncidentView>(
      await hub(sandbox, `/incidents/${incident?.id}`, {
        method: 'PATCH',
        json: { AssignedTo: '8000000001' },
      }),
    );
    const second = await body<IncidentView>(
      await hub(sandbox, `/incidents/${incident?.id}`, {
        method: 'PATCH',
        json: { AssignedTo: '8000000002' },
      }),
    );
    expect(second.ETag).not.toBe(first.ETag);
  });

  it('should show a change made directly in the store', async () => {
    const store = sandbox.store('1001');
    const [incident] = store.incidents.list();
    store.incidents.update(incident!.id, { ServiceRequestLifeCycleStatusCode: '4' });
    const read = await body<IncidentView>(await hub(sandbox, `/incidents/${incident?.id}`));
    expect(read).toMatchObject({
      ServiceRequestLifeCycleStatusCode: '4',
      ServiceRequestLifeCycleStatusCodeText: 'Closed',
    });
    expect(read.ETag).not.toBe(incident?.ETag);
  });

  it('should delete an incident with its comments and attachments', async () => {
    const store = sandbox.store('1001');
    const incident = store.incidents.list().find((i) => store.attachmentsOf(i.id).length > 0)!;
    expect(store.commentsOf(incident.id).length).toBeGreaterThan(0);
    const response = await hub(sandbox, `/incidents/${incident.id}`, { method: 'DELETE' });
    expect(response.status).toBe(200);
    expect(store.commentsOf(incident.id)).toEqual([]);
    expect(store.attachmentsOf(incident.id)).toEqual([]);
  });

  it('should inline navigations with expand and keep them deferred otherwise', async () => {
    const store = sandbox.store('1001');
    const incident = store.incidents.list().find((i) => store.attachmentsOf(i.id).length > 0)!;
    const expanded = await body<IncidentView>(
      await hub(
        sandbox,
        `/incidents/${incident.id}?expand=ServiceRequestDescription,ServiceRequestAttachmentFolder`,
      ),
    );
    expect(expanded.ServiceRequestDescription).toEqual(store.commentsOf(incident.id));
    expect(expanded.ServiceRequestAttachmentFolder).toEqual(store.attachmentsOf(incident.id));
    const list = await body<IncidentView[]>(
      await hub(sandbox, '/incidents?pageSize=3&expand=ServiceRequestDescription'),
    );
    expect(Array.isArray(list[0]?.ServiceRequestDescription)).toBe(true);
    expect(list[0]?.ServiceRequestAttachmentFolder).toHaveProperty('__deferred');
    expect((await hub(sandbox, `/incidents/${incident.id}?expand=Nope`)).status).toBe(400);
  });

  it.each([
    [
      'an unknown incident',
      '/incidents/00163E0000000000000000000000FFFF',
      'No incident found with ID 00163E0000000000000000000000FFFF',
    ],
    ['an unknown account', '/accounts/nope', 'No account found with ID nope'],
    ['an unknown contact', '/contacts/nope', 'No contact found with ID nope'],
    ['an unknown path', '/widgets', 'No resource found at /hubs/helpdesk/widgets'],
  ])('should answer %s with a 404 CE error body', async (_case, path, message) => {
    const response = await hub(sandbox, path);
    expect(response.status).toBe(404);
    expect(await body(response)).toEqual({
      requestId: response.headers.get('elements-request-id'),
      message,
    });
  });

  it('should answer 405 with Allow for a known path and wrong method', async () => {
    const response = await hub(sandbox, '/incidents', { method: 'PUT', json: {} });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, POST');
    expect(await body(response)).toMatchObject({ message: 'Method not allowed' });
  });

  it('should answer 415 for a non-JSON body and 400 for malformed JSON', async () => {
    const text = await hub(sandbox, '/accounts', {
      method: 'POST',
      body: 'AccountName=x',
      headers: { 'content-type': 'text/plain' },
    });
    expect(text.status).toBe(415);
    const malformed = await hub(sandbox, '/accounts', {
      method: 'POST',
      body: '{"AccountName": ',
      headers: { 'content-type': 'application/json' },
    });
    expect(malformed.status).toBe(400);
    expect(await body(malformed)).toMatchObject({ message: 'Malformed JSON in the request body' });
  });

  it.each([
    [
      '/accounts',
      'POST',
      { AccountName: 'x', ObjectID: 'abc' },
      "Field 'ObjectID' of account is read-only",
    ],
    ['/accounts', 'POST', { AccountName: 'x', Foo: 1 }, "Unknown field 'Foo' for account"],
    ['/accounts', 'POST', { Email: 'a@b.c' }, "Field 'AccountName' is required for a new account"],
    ['/contacts', 'POST', { FirstName: 'Only' }, "Field 'LastName' is required for a new contact"],
    [
      '/contacts',
      'POST',
      { FirstName: 'A', LastName: 'B', AccountID: '999' },
      'No account found with AccountID 999',
    ],
    [
      '/incidents',
      'POST',
      { ServicePriorityCode: '2' },
      "Field 'Name' is required for a new incident",
    ],
    [
      '/incidents',
      'POST',
      { Name: { content: '' } },
      "Field 'Name.content' is required and must not be empty",
    ],
    [
      '/incidents',
      'POST',
      { Name: { content: 'x' }, ServicePriorityCode: '9' },
      "Invalid value '9' for ServicePriorityCode",
    ],
    [
      '/incidents',
      'POST',
      { Name: { content: 'x' }, ServiceRequestDescription: [{ TypeCode: '10004' }] },
      "Field 'Text' is required",
    ],
    [
      '/incidents',
      'POST',
      { Name: { content: 'x' }, CompletionDueDate: 'soon' },
      "Field 'CompletionDueDate' needs a date",
    ],
  ])('should reject %s %s %j with 400', async (path, method, json, message) => {
    const response = await hub(sandbox, path, { method, json });
    expect(response.status).toBe(400);
    expect(await body(response)).toMatchObject({ message: expect.stringContaining(message) });
  });

  it('should reject read-only and create-only fields in a PATCH', async () => {
    const [incident] = sandbox.store('1001').incidents.list();
    for (const json of [{ ID: '1' }, { ServiceRequestDescription: [] }, { ETag: 'x' }]) {
      const response = await hub(sandbox, `/incidents/${incident?.id}`, { method: 'PATCH', json });
      expect(response.status).toBe(400);
    }
  });

  it('should accept ISO and /Date()/ due dates and return epoch milliseconds', async () => {
    const iso = await body<IncidentView>(
      await hub(sandbox, '/incidents', {
        method: 'POST',
        json: { Name: { content: 'a' }, CompletionDueDate: '2026-02-01T10:00:00Z' },
      }),
    );
    expect(iso.CompletionDueDate).toBe(Date.parse('2026-02-01T10:00:00Z'));
    const odata = await body<IncidentView>(
      await hub(sandbox, '/incidents', {
        method: 'POST',
        json: { Name: { content: 'b' }, CompletionDueDate: '/Date(1767225600000)/' },
      }),
    );
    expect(odata.CompletionDueDate).toBe(1767225600000);
  });
});
