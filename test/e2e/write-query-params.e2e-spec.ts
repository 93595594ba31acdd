import { expectProblem } from '../support/problem-assertions.js';
import { startTestGateway, type TestGateway } from '../support/test-gateway.js';

/*
 * An unknown query parameter is 400 VALIDATION_FAILED (api-contract §3) on every route, writes
 * included: a `DELETE …?dryRun=true` must not delete anything.
 */
describe('Query parameters on writes', () => {
  let gw: TestGateway;
  let routes: [string, string, RequestInit['body']?][];

  beforeAll(async () => {
    gw = await startTestGateway();
    const store = gw.sandbox.store('1001');
    const incident = store.incidents
      .list()
      .find(
        (i) =>
          store.commentsOf(i.ObjectID).length > 0 && store.attachmentsOf(i.ObjectID).length > 0,
      )!.ObjectID;
    const comment = store.commentsOf(incident)[0]!.ObjectID;
    const attachment = store.attachmentsOf(incident)[0]!.ObjectID;
    const account = store.accounts.list()[0]!.ObjectID;
    const contact = store.contacts.list()[0]!.ObjectID;
    const upload = new FormData();
    upload.append('file', new Blob(['hello'], { type: 'text/plain' }), 'hello.txt');
    routes = [
      ['POST', '/v1/incidents', JSON.stringify({ subject: 'Dry run?' })],
      ['PATCH', `/v1/incidents/${incident}`, JSON.stringify({ subject: 'Dry run?' })],
      ['DELETE', `/v1/incidents/${incident}`],
      ['POST', '/v1/accounts', JSON.stringify({ name: 'Dry run?' })],
      ['PATCH', `/v1/accounts/${account}`, JSON.stringify({ name: 'Dry run?' })],
      ['DELETE', `/v1/accounts/${account}`],
      ['POST', '/v1/contacts', JSON.stringify({ firstName: 'Dry', lastName: 'Run' })],
      ['PATCH', `/v1/contacts/${contact}`, JSON.stringify({ firstName: 'Dry' })],
      ['DELETE', `/v1/contacts/${contact}`],
      ['POST', `/v1/incidents/${incident}/comments`, JSON.stringify({ text: 'Dry run?' })],
      [
        'PATCH',
        `/v1/incidents/${incident}/comments/${comment}`,
        JSON.stringify({ text: 'Dry run?' }),
      ],
      ['DELETE', `/v1/incidents/${incident}/comments/${comment}`],
      ['POST', `/v1/incidents/${incident}/attachments`, upload],
      ['DELETE', `/v1/incidents/${incident}/attachments/${attachment}`],
      ['GET', `/v1/incidents/${incident}/attachments/${attachment}/content`],
    ];
  });

  afterAll(async () => {
    await gw.close();
  });

  it('should refuse an unknown parameter on every write and on attachment content, changing nothing', async () => {
    gw.sandbox.requests.clear();
    for (const [method, path, body] of routes) {
      const headers: Record<string, string> =
        typeof body === 'string' ? { 'content-type': 'application/json' } : {};
      const response = await gw.call(`${path}?dryRun=true`, { method, headers, body });
      const problem = await expectProblem(response, 400, 'VALIDATION_FAILED');
      expect({ method, path, errors: problem.errors }).toEqual({
        method,
        path,
        errors: [{ field: 'dryRun', message: 'is not a parameter of this route' }],
      });
    }
    expect(gw.sandbox.requests.list().filter((r) => r.method !== 'GET')).toEqual([]);
  });
});
