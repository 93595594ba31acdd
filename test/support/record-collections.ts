import { OpenApiValidator } from './openapi-validator.js';
import { expectProblem } from './problem-assertions.js';
import { json, type TestGateway } from './test-gateway.js';

/*
 * Calls and checks that the record collections of the same shape (`/v1/accounts`, `/v1/contacts`)
 * share, so their specs state only what differs.
 */

export type RecordCollection = 'accounts' | 'contacts';

/** A JSON write by the writer client. */
export function writeJson(
  gw: TestGateway,
  method: 'POST' | 'PATCH',
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Response> {
  return gw.call(path, {
    key: 'writer',
    method,
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

/** `include=raw` gives the native record to internal callers, on lists and by id, and 403 to others. */
export async function expectRawForInternalCallersOnly(
  gw: TestGateway,
  collection: RecordCollection,
  records: { ObjectID: string }[],
): Promise<void> {
  const response = await gw.call(`/v1/${collection}?limit=100&include=raw`);
  expect(response.status).toBe(200);
  const body = await json(response);
  const byId = new Map(records.map((r) => [r.ObjectID, r]));
  expect(body.data).toHaveLength(byId.size);
  for (const item of body.data) {
    expect(item.raw).toEqual(byId.get(item.id));
  }
  const id = body.data[0].id;
  expect((await json(await gw.call(`/v1/${collection}/${id}?include=raw`))).raw).toEqual(
    byId.get(id),
  );
  expect((await json(await gw.call(`/v1/${collection}/${id}`))).raw).toBeUndefined();

  await expectProblem(
    await gw.call(`/v1/${collection}?include=raw`, { key: 'reader' }),
    403,
    'FORBIDDEN',
  );
  await expectProblem(
    await gw.call(`/v1/${collection}/${id}?include=raw`, { key: 'reader' }),
    403,
    'FORBIDDEN',
  );
}

/** 404 NOT_FOUND for an id that names no record, with the path as the problem's instance. */
export async function expectUnknownIdNotFound(
  gw: TestGateway,
  collection: RecordCollection,
  unknownId: string,
): Promise<void> {
  const problem = await expectProblem(
    await gw.call(`/v1/${collection}/${unknownId}`),
    404,
    'NOT_FOUND',
  );
  expect(problem.instance).toBe(`/v1/${collection}/${unknownId}`);
}

/** Each `[path, tenant]` replays a cursor where it does not belong: 400 on the `cursor` field. */
export async function expectCursorsRefused(
  gw: TestGateway,
  replays: readonly (readonly [string, string])[],
): Promise<void> {
  for (const [path, tenant] of replays) {
    const problem = await expectProblem(await gw.call(path, { tenant }), 400, 'VALIDATION_FAILED');
    expect(problem.errors[0].field).toBe('cursor');
  }
}

/** Checks a response's status and that its body matches the gateway's own OpenAPI document. */
export type OpenApiCheck = (
  template: string,
  method: string,
  response: Response,
  status: number,
) => Promise<void>;

export async function openApiCheck(gw: TestGateway): Promise<OpenApiCheck> {
  const validator = new OpenApiValidator(
    await json(await gw.call('/docs/openapi.json', { key: null })),
  );
  return async (template, method, response, status) => {
    expect(response.status).toBe(status);
    expect(validator.validate(template, method, status, await json(response))).toEqual([]);
  };
}

export interface WriteThroughCase {
  collection: RecordCollection;
  /** A `q` that finds exactly the records this case creates. */
  q: string;
  /** The field compared after each write, and the values it takes. */
  field: string;
  create(): Promise<Record<string, any>>;
  createSecond(): Promise<Record<string, any>>;
  /** The PATCH body that changes `field`, and the value it changes it to. */
  change: { body: Record<string, unknown>; to: string };
  before: string;
}

/**
 * A cached item and list never outlive a write: stored, hit, then after a PATCH, a second POST and
 * a DELETE the item and the list show each change at once.
 */
export async function expectNoCachedBodyAfterWrites(
  gw: TestGateway,
  c: WriteThroughCase,
): Promise<void> {
  const created = await c.create();
  const path = `/v1/${c.collection}/${created.id}`;
  const list = `/v1/${c.collection}?q=${c.q}`;
  const values = (body: Record<string, any>): unknown[] =>
    body.data.map((item: Record<string, unknown>) => item[c.field]);
  const listedIds = async (): Promise<string[]> =>
    (await json(await gw.call(list))).data.map((item: { id: string }) => item.id);

  expect((await gw.call(path)).headers.get('cache-status')).toMatch(/stored/);
  const hit = await gw.call(path);
  expect(hit.headers.get('cache-status')).toMatch(/; hit;/);
  expect((await json(hit))[c.field]).toBe(c.before);
  expect(values(await json(await gw.call(list)))).toEqual([c.before]);

  expect((await writeJson(gw, 'PATCH', path, c.change.body)).status).toBe(200);
  expect((await json(await gw.call(path)))[c.field]).toBe(c.change.to);
  expect(values(await json(await gw.call(list)))).toEqual([c.change.to]);

  const second = await c.createSecond();
  expect((await listedIds()).sort()).toEqual([created.id, second.id].sort());

  expect((await gw.call(path, { key: 'writer', method: 'DELETE' })).status).toBe(204);
  await expectProblem(await gw.call(path), 404, 'NOT_FOUND');
  expect(await listedIds()).toEqual([second.id]);
}
