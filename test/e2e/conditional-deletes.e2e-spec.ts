import { expectProblem } from '../support/problem-assertions.js';
import { writeJson } from '../support/record-collections.js';
import { json, startTestGateway, type TestGateway } from '../support/test-gateway.js';

/*
 * If-Match is a precondition: it is checked or the write is refused, never ignored. Incidents,
 * contacts and accounts carry a `version` to match on DELETE as on PATCH; comments and
 * attachments carry none, so an If-Match on their writes (other than `*`) is a 400.
 */
describe('If-Match on deletes and on records without a version', () => {
  let gw: TestGateway;

  beforeAll(async () => {
    gw = await startTestGateway();
  });

  afterAll(async () => {
    await gw.close();
  });

  const del = (path: string, ifMatch?: string) =>
    gw.call(path, {
      method: 'DELETE',
      key: 'writer',
      headers: ifMatch === undefined ? {} : { 'if-match': ifMatch },
    });

  it.each([
    ['incidents', { subject: 'To be deleted' }, { subject: 'Changed since' }],
    ['contacts', { firstName: 'Del', lastName: 'Eted' }, { firstName: 'Changed' }],
    ['accounts', { name: 'Deleted Ltd' }, { name: 'Changed Ltd' }],
  ])(
    'should refuse to delete one of %s with a stale If-Match, and delete it with the current one',
    async (collection, create, change) => {
      const created = await json(await writeJson(gw, 'POST', `/v1/${collection}`, create));
      const path = `/v1/${collection}/${created.id as string}`;
      const stale = created.version as string;
      const changed = await writeJson(gw, 'PATCH', path, change);
      const current = (await json(changed)).version as string;
      expect(current).not.toBe(stale);
      gw.sandbox.requests.clear();

      await expectProblem(await del(path, stale), 412, 'PRECONDITION_FAILED');
      expect(gw.sandbox.requests.list().filter((r) => r.method === 'DELETE')).toEqual([]);
      expect((await gw.call(path, { headers: { 'cache-control': 'no-cache' } })).status).toBe(200);

      expect((await del(path, current)).status).toBe(204);
      expect((await gw.call(path)).status).toBe(404);
    },
  );

  it('should refuse If-Match on comment and attachment writes, which have no version, and allow *', async () => {
    const store = gw.sandbox.store('1001');
    const incident = store.incidents
      .list()
      .find(
        (i) =>
          store.commentsOf(i.ObjectID).length > 1 && store.attachmentsOf(i.ObjectID).length > 0,
      )!.ObjectID;
    const [first, second] = store.commentsOf(incident).filter((c) => c.TypeCode !== '10004');
    const attachment = store.attachmentsOf(incident)[0]!.ObjectID;
    const comment = `/v1/incidents/${incident}/comments/${first!.ObjectID}`;
    gw.sandbox.requests.clear();

    const patched = await writeJson(gw, 'PATCH', comment, { body: 'x' }, { 'if-match': 'W/"v1"' });
    const problem = await expectProblem(patched, 400, 'VALIDATION_FAILED');
    expect(problem.errors).toEqual([
      { field: 'If-Match', message: 'Comments carry no version to match; send no If-Match' },
    ]);
    await expectProblem(await del(comment, '"v1"'), 400, 'VALIDATION_FAILED');
    await expectProblem(
      await del(`/v1/incidents/${incident}/attachments/${attachment}`, '"v1"'),
      400,
      'VALIDATION_FAILED',
    );
    expect(gw.sandbox.requests.list().filter((r) => r.method !== 'GET')).toEqual([]);

    const anyVersion = `/v1/incidents/${incident}/comments/${second!.ObjectID}`;
    expect((await del(anyVersion, '*')).status).toBe(204);
  });
});
