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

  it('should update, list and delete a contact with 200s', async () => {
    const created = await body<ContactRecord>(
      await hub(sandbox, '/contacts', {
        method: 'POST',
        json: { FirstName: 'Grace', LastName: 'Hopper' },
      }),
    );
    const patched = await hub(sandbox, `/contacts/${created.id}`, {
      method: 'PATCH',
      json: { FirstName: 'Amazing', LastName: 'Grace', Email: 'grace@example.com' },
    });
    expect(patched.status).toBe(200);
    expect(await body(patched)).toMatchObject({
      FirstName: 'Amazing',
      LastName: 'Grace',
      Email: 'grace@example.com',
    });
    const where = encodeURIComponent(`ContactID = '${created.ContactID}'`);
    const listed = await body<ContactRecord[]>(await hub(sandbox, `/contacts?where=${where}`));
    expect(listed.map((c) => c.id)).toEqual([created.id]);
    const deleted = await hub(sandbox, `/contacts/${created.id}`, { method: 'DELETE' });
    expect(deleted.status).toBe(200);
    expect(sandbox.store('1001').contacts.get(created.id)).toBeUndefined();
  });

  it('should list accounts as a JSON array of native records', async () => {
    const response = await hub(sandbox, '/accounts?pageSize=3');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/json');
    const accounts = await body<AccountRecord[]>(response);
    expect(accounts).toHaveLength(3);
    expect(Object.keys(accounts[0] ?? {}).sort()).toEqual(
      [
        'AccountID',
        'AccountName',
        'ChangedOn',
        'CreatedOn',
        'ETag',
        'Email',
        'ObjectID',
        'Phone',
        'RoleCode',
        'id',
      ].sort(),
    );
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

  it('should leave the ETag alone on an empty PATCH', async () => {
    const [account] = sandbox.store('1001').accounts.list();
    const response = await hub(sandbox, `/accounts/${account?.id}`, { method: 'PATCH', json: {} });
    expect(response.status).toBe(200);
    expect(await body(response)).toEqual(account);
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
