import type { Sandbox } from '../../src/sandbox/sandbox.js';
import { body, hub, startTestSandbox } from './sandbox-test-client.js';

describe('sandbox error answers', () => {
  let sandbox: Sandbox;

  beforeAll(async () => {
    sandbox = await startTestSandbox({ instances: [{ id: '1001' }] });
  });

  afterAll(async () => {
    await sandbox.close();
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

  it('should answer 405 with the allowed methods of a record path', async () => {
    const response = await hub(sandbox, '/incidents/abc', { method: 'POST', json: {} });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, PATCH, DELETE');
  });

  it('should answer 404 for a PATCH or DELETE of an unknown record', async () => {
    const patch = await hub(sandbox, '/contacts/nope', {
      method: 'PATCH',
      json: { FirstName: 'x' },
    });
    expect(patch.status).toBe(404);
    const remove = await hub(sandbox, '/incidents/nope', { method: 'DELETE' });
    expect(remove.status).toBe(404);
    expect(await body(remove)).toMatchObject({ message: 'No incident found with ID nope' });
  });

  it('should answer 404 outside the hub and instance paths', async () => {
    for (const url of [
      `${sandbox.url}/elements`,
      `${sandbox.url}/hubs/helpdesk`,
      sandbox.url.replace('/elements/api-v2', '/other'),
    ]) {
      const response = await fetch(url);
      expect(response.status).toBe(404);
      expect(await body(response)).toMatchObject({
        requestId: response.headers.get('elements-request-id'),
      });
    }
  });

  it('should reject a JSON array body with 400', async () => {
    const response = await hub(sandbox, '/accounts', {
      method: 'POST',
      json: [{ AccountName: 'x' }],
    });
    expect(response.status).toBe(400);
    expect(await body(response)).toMatchObject({
      message: 'The request body must be a JSON object',
    });
  });

  it('should pass the provider text along when SAP itself refuses a write', async () => {
    const response = await hub(sandbox, '/incidents', {
      method: 'POST',
      json: { Name: { content: 'x' }, ServicePriorityCode: '9' },
    });
    expect(response.status).toBe(400);
    expect(await body(response)).toEqual({
      requestId: response.headers.get('elements-request-id'),
      message: "Invalid value '9' for ServicePriorityCode",
      providerMessage: "Property ServicePriorityCode has invalid value '9'",
    });
  });
});
