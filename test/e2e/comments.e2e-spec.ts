import type { CommentRecord } from '../../src/sandbox/sandbox.js';
import { expectProblem } from '../support/problem-assertions.js';
import { walkPages } from '../support/paging.js';
import { json, startTestGateway, type TestGateway } from '../support/test-gateway.js';

interface Comment {
  id: string;
  incidentId: string;
  body: string | null;
  type: string;
  typeCode: string | null;
  authorName: string | null;
  createdAt: string | null;
  updatedAt: string | null;
  raw?: Record<string, unknown>;
}

const JSON_HEADERS = { 'content-type': 'application/json' };
const TYPES: Record<string, string> = {
  '10004': 'description',
  '10007': 'reply_to_customer',
  '10008': 'reply_from_customer',
  '10011': 'internal_note',
};

describe('Comments', () => {
  let gw: TestGateway;
  /** A fresh incident with exactly the comments these tests post, in order. */
  let threadId: string;
  let thread: Comment[];
  /** A seeded incident with comments of its own. */
  let otherId: string;

  const store = () => gw.sandbox.store('1001');
  const commentsPath = (incidentId: string) => `/v1/incidents/${incidentId}/comments`;
  const post = (path: string, body: unknown, key: 'internal' | 'reader' | 'writer' = 'internal') =>
    gw.call(path, { method: 'POST', body: JSON.stringify(body), headers: JSON_HEADERS, key });
  const patch = (path: string, body: unknown) =>
    gw.call(path, { method: 'PATCH', body: JSON.stringify(body), headers: JSON_HEADERS });
  const upstreamCalls = (method: string, fragment: string) =>
    gw.sandbox.requests.list().filter((r) => r.method === method && r.path.includes(fragment));

  /** Z900 is a customer-specific TypeCode: set in the store, since the gateway writes no such code. */
  const THREAD_TYPES = [
    'description',
    'reply_from_customer',
    'reply_to_customer',
    'internal_note',
    undefined,
    'Z900',
    '10008',
    'internal_note',
    'reply_to_customer',
    'reply_from_customer',
    'internal_note',
    undefined,
    '10011',
  ];

  beforeAll(async () => {
    gw = await startTestGateway();
    const incident = await json(await post('/v1/incidents', { subject: 'Comment thread' }));
    threadId = incident.id as string;
    thread = [];
    for (const [i, type] of THREAD_TYPES.entries()) {
      const direct = type === 'Z900';
      const response = await post(commentsPath(threadId), {
        body: `Entry ${i + 1}`,
        type: direct ? undefined : type,
      });
      expect(response.status).toBe(201);
      const created = await json<Comment>(response);
      if (direct) {
        store().comments.update(created.id, { TypeCode: 'Z900' });
      }
      thread.push(
        direct
          ? await json<Comment>(await gw.call(`${commentsPath(threadId)}/${created.id}`))
          : created,
      );
    }
    expect(thread[5]).toEqual(expect.objectContaining({ type: 'other', typeCode: 'Z900' }));
    otherId = store()
      .incidents.list()
      .find((i) => {
        const codes = store()
          .commentsOf(i.ObjectID)
          .map((c) => c.TypeCode);
        return codes.includes('10004') && codes.length > 1;
      })?.ObjectID as string;
  });

  afterAll(async () => {
    await gw.close();
  });

  beforeEach(() => {
    gw.sandbox.requests.clear();
  });

  describe('lists', () => {
    it('should page through 13 comments with limit 4 in thread order, nextCursor null on the last page', async () => {
      const pages: Comment[][] = [];
      let cursor: string | null = null;
      do {
        const query: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
        const response = await gw.call(`${commentsPath(threadId)}?limit=4${query}`);
        expect(response.status).toBe(200);
        const body = await json<{
          data: Comment[];
          page: { limit: number; nextCursor: string | null };
        }>(response);
        expect(body.page.limit).toBe(4);
        pages.push(body.data);
        cursor = body.page.nextCursor;
      } while (cursor !== null && pages.length < 10);
      expect(pages.map((p) => p.length)).toEqual([4, 4, 4, 1]);
      expect(pages.flat().map((c) => c.body)).toEqual(
        THREAD_TYPES.map((_t, i) => `Entry ${i + 1}`),
      );
      expect(pages.flat()).toEqual(thread);
    });

    it('should end on an exactly full last page', async () => {
      const walk = await walkPages<Comment>(gw, `${commentsPath(threadId)}?limit=13`);
      expect(walk.pages).toBe(1);
      expect(walk.items).toHaveLength(13);
    });

    it('should sort newest first on request', async () => {
      const walk = await walkPages<Comment>(
        gw,
        `${commentsPath(threadId)}?limit=5&sort=-createdAt`,
      );
      expect(walk.items.map((c) => c.id)).toEqual(thread.map((c) => c.id).reverse());
      expect(upstreamCalls('GET', `/incidents/${threadId}/comments`)[0]?.query.orderBy).toBe(
        'CreatedOn desc',
      );
    });

    it.each<[string, string[]]>([
      ['internal_note', ['10011']],
      ['reply_from_customer,10007', ['10008', '10007']],
      ['description', ['10004']],
      ['Z900', ['Z900']],
      ['internal_note,10011,reply_to_customer', ['10011', '10007']],
    ])(
      'should filter type=%s to exactly the store comments with those codes',
      async (types, codes) => {
        const expected = store()
          .commentsOf(threadId)
          .filter((c) => codes.includes(c.TypeCode))
          .map((c) => c.ObjectID)
          .sort();
        expect(expected.length).toBeGreaterThan(0);
        const walk = await walkPages<Comment>(
          gw,
          `${commentsPath(threadId)}?limit=2&type=${types}`,
        );
        expect(walk.items.map((c) => c.id).sort()).toEqual(expected);
        const where = upstreamCalls('GET', `/incidents/${threadId}/comments`)[0]?.where;
        expect(where).toBe(
          codes.length === 1
            ? `TypeCode = '${codes[0]}'`
            : `TypeCode IN (${codes.map((c) => `'${c}'`).join(', ')})`,
        );
      },
    );

    it('should map the seeded comments of another incident, description included', async () => {
      const records = store().commentsOf(otherId);
      expect(records.some((r) => r.TypeCode === '10004')).toBe(true);
      const walk = await walkPages<Comment>(gw, `${commentsPath(otherId)}?limit=100`);
      expect(walk.items.map((c) => c.id).sort()).toEqual(records.map((r) => r.ObjectID).sort());
      for (const comment of walk.items) {
        const record = records.find((r) => r.ObjectID === comment.id) as CommentRecord;
        expect(comment).toEqual({
          id: record.ObjectID,
          incidentId: otherId,
          body: record.Text,
          type: TYPES[record.TypeCode] ?? 'other',
          typeCode: record.TypeCode,
          authorName: record.AuthorName,
          createdAt: new Date(record.CreatedOn).toISOString(),
          updatedAt: new Date(record.UpdatedOn).toISOString(),
        });
      }
    });

    it('should refuse a cursor from one incident replayed on another', async () => {
      const first = await json(await gw.call(`${commentsPath(threadId)}?limit=4`));
      const cursor = encodeURIComponent(first.page.nextCursor as string);
      const body = await expectProblem(
        await gw.call(`${commentsPath(otherId)}?limit=4&cursor=${cursor}`),
        400,
        'VALIDATION_FAILED',
      );
      expect(body.errors).toEqual([expect.objectContaining({ field: 'cursor' })]);
      expect((await gw.call(`${commentsPath(threadId)}?cursor=${cursor}`)).status).toBe(200);
    });

    it('should refuse a cursor replayed with another type filter or sort', async () => {
      const first = await json(
        await gw.call(`${commentsPath(threadId)}?limit=2&type=internal_note`),
      );
      const cursor = encodeURIComponent(first.page.nextCursor as string);
      for (const query of ['type=description', 'type=internal_note&sort=-createdAt', '']) {
        await expectProblem(
          await gw.call(`${commentsPath(threadId)}?${query}&cursor=${cursor}`),
          400,
          'VALIDATION_FAILED',
        );
      }
    });

    it.each<[string, (code: string | null) => boolean, string]>([
      [
        'other',
        (code) => !['10004', '10007', '10008', '10011'].includes(code ?? ''),
        "(TypeCode != '10004') AND (TypeCode != '10007') AND (TypeCode != '10008') AND (TypeCode != '10011')",
      ],
      [
        'other,internal_note,10004',
        (code) => !['10007', '10008'].includes(code ?? ''),
        "(TypeCode != '10007') AND (TypeCode != '10008')",
      ],
      [
        'Z900,other,reply_to_customer',
        (code) => !['10004', '10008', '10011'].includes(code ?? ''),
        "(TypeCode != '10004') AND (TypeCode != '10008') AND (TypeCode != '10011')",
      ],
    ])(
      'should filter type=%s to the store comments of those types, other being every code but the named ones',
      async (types, matches, where) => {
        const expected = store()
          .commentsOf(threadId)
          .filter((c) => matches(c.TypeCode))
          .map((c) => c.ObjectID)
          .sort();
        expect(expected).toContain(thread[5]?.id);
        const walk = await walkPages<Comment>(
          gw,
          `${commentsPath(threadId)}?limit=3&type=${types}`,
        );
        expect(walk.items.map((c) => c.id).sort()).toEqual(expected);
        expect(upstreamCalls('GET', `/incidents/${threadId}/comments`)[0]?.where).toBe(where);
      },
    );

    it('should count a comment without a TypeCode as other, as it reads', async () => {
      const created = await json<Comment>(await post(commentsPath(otherId), { body: 'No code' }));
      store().comments.update(created.id, { TypeCode: null as unknown as string });
      const read = await json<Comment>(await gw.call(`${commentsPath(otherId)}/${created.id}`));
      expect({ type: read.type, typeCode: read.typeCode }).toEqual({
        type: 'other',
        typeCode: null,
      });
      const other = await walkPages<Comment>(gw, `${commentsPath(otherId)}?limit=100&type=other`);
      expect(other.items.map((c) => c.id)).toContain(created.id);
      const all = 'description,reply_to_customer,reply_from_customer,internal_note,other';
      const everything = await walkPages<Comment>(
        gw,
        `${commentsPath(otherId)}?limit=100&type=${all}`,
      );
      expect(everything.items.map((c) => c.id).sort()).toEqual(
        store()
          .commentsOf(otherId)
          .map((c) => c.ObjectID)
          .sort(),
      );
      store().comments.delete(created.id);
    });

    it('should refuse bad type values and unknown parameters', async () => {
      for (const query of ["type=x'y", 'colour=red', 'sort=name']) {
        await expectProblem(
          await gw.call(`${commentsPath(threadId)}?${query}`),
          400,
          'VALIDATION_FAILED',
        );
      }
      expect(upstreamCalls('GET', '/comments')).toEqual([]);
    });

    it('should answer 404 NOT_FOUND for an incident that does not exist', async () => {
      const body = await expectProblem(
        await gw.call(commentsPath('00163E0000000000000000000000DEAD')),
        404,
        'NOT_FOUND',
      );
      expect(body.detail).toContain('00163E0000000000000000000000DEAD');
    });

    it('should add the raw record for internal callers only', async () => {
      const page = await json(await gw.call(`${commentsPath(threadId)}?limit=1&include=raw`));
      expect(page.data[0].raw).toEqual(expect.objectContaining({ ObjectID: thread[0]?.id }));
      await expectProblem(
        await gw.call(`${commentsPath(threadId)}?include=raw`, { key: 'reader' }),
        403,
        'FORBIDDEN',
      );
    });
  });

  describe('single comments', () => {
    it('should read one comment', async () => {
      const target = thread[3] as Comment;
      const response = await gw.call(`${commentsPath(threadId)}/${target.id}`, { key: 'reader' });
      expect(response.status).toBe(200);
      expect(await json(response)).toEqual(target);
    });

    it('should answer 404 for a comment read under another incident', async () => {
      await expectProblem(
        await gw.call(`${commentsPath(otherId)}/${thread[0]?.id}`),
        404,
        'NOT_FOUND',
      );
    });

    it('should refuse ids that are not resource ids', async () => {
      await expectProblem(
        await gw.call(`${commentsPath(threadId)}/bad%20id`),
        400,
        'VALIDATION_FAILED',
      );
      await expectProblem(
        await gw.call(`/v1/incidents/${'x'.repeat(65)}/comments`),
        400,
        'VALIDATION_FAILED',
      );
    });
  });

  describe('writes', () => {
    it('should create a comment: native Text and TypeCode upstream, 201 with Location and the record', async () => {
      const response = await post(
        commentsPath(otherId),
        { body: 'Internal: call back at 3', type: 'internal_note' },
        'writer',
      );
      expect(response.status).toBe(201);
      const created = await json<Comment>(response);
      expect(response.headers.get('location')).toBe(`${commentsPath(otherId)}/${created.id}`);
      expect(upstreamCalls('POST', `/incidents/${otherId}/comments`).map((r) => r.body)).toEqual([
        { Text: 'Internal: call back at 3', TypeCode: '10011' },
      ]);
      const record = store().comments.get(created.id) as CommentRecord;
      expect(record).toEqual(
        expect.objectContaining({
          ParentObjectID: otherId,
          Text: 'Internal: call back at 3',
          TypeCode: '10011',
        }),
      );
      expect(created).toEqual({
        id: record.ObjectID,
        incidentId: otherId,
        body: 'Internal: call back at 3',
        type: 'internal_note',
        typeCode: '10011',
        authorName: record.AuthorName,
        createdAt: new Date(record.CreatedOn).toISOString(),
        updatedAt: new Date(record.UpdatedOn).toISOString(),
      });
      const location = response.headers.get('location') as string;
      expect(await json(await gw.call(location))).toEqual(created);
    });

    it.each<[string, string, string]>([
      ['10011', 'internal_note', '10011'],
      ['10008', 'reply_from_customer', '10008'],
      ['reply_from_customer', 'reply_from_customer', '10008'],
    ])('should write type %s as %s (TypeCode %s)', async (type, name, code) => {
      const created = await json<Comment>(await post(commentsPath(otherId), { body: 'x', type }));
      expect({ type: created.type, typeCode: created.typeCode }).toEqual({
        type: name,
        typeCode: code,
      });
      expect(upstreamCalls('POST', '/comments')[0]?.body).toEqual({ Text: 'x', TypeCode: code });
    });

    it('should write a reply to the customer when no type is given', async () => {
      const created = await json<Comment>(await post(commentsPath(otherId), { body: 'Hi there' }));
      expect(created.type).toBe('reply_to_customer');
      expect(upstreamCalls('POST', '/comments')[0]?.body).toEqual({
        Text: 'Hi there',
        TypeCode: '10007',
      });
      expect(store().comments.get(created.id)?.TypeCode).toBe('10007');
    });

    it.each<[string, unknown, string[]]>([
      ['no body', { type: 'internal_note' }, ['body']],
      ['an empty body', { body: '' }, ['body']],
      ['a blank body', { body: '   ' }, ['body']],
      ['a null body', { body: null }, ['body']],
      ['a null type', { body: 'x', type: null }, ['type']],
      ['a body over 32000 characters', { body: 'x'.repeat(32001) }, ['body']],
      ['the type other', { body: 'x', type: 'other' }, ['type']],
      ['an unknown type', { body: 'x', type: 'bogus' }, ['type']],
      ['a type name in other case', { body: 'x', type: 'Internal_Note' }, ['type']],
      ['a TypeCode no named type has', { body: 'x', type: 'Z900' }, ['type']],
      ['a numeric TypeCode no named type has', { body: 'x', type: '10005' }, ['type']],
      ['a numeric type', { body: 'x', type: 10011 }, ['type']],
      ['a malformed type', { body: 'x', type: 'a b' }, ['type']],
      ['an unknown field', { body: 'x', Text: 'y' }, ['Text']],
    ])('should refuse %s with 400 and no upstream write', async (_label, body, fields) => {
      const problem = await expectProblem(
        await post(commentsPath(otherId), body),
        400,
        'VALIDATION_FAILED',
      );
      expect([...new Set((problem.errors as { field: string }[]).map((e) => e.field))]).toEqual(
        fields,
      );
      expect(upstreamCalls('POST', '/comments')).toEqual([]);
    });

    it('should update the body and the type with PATCH, as the sandbox shows', async () => {
      const target = thread[5] as Comment;
      const path = `${commentsPath(threadId)}/${target.id}`;
      const response = await patch(path, { body: 'Edited text', type: 'reply_to_customer' });
      expect(response.status).toBe(200);
      const updated = await json<Comment>(response);
      expect(upstreamCalls('PATCH', `/comments/${target.id}`).map((r) => r.body)).toEqual([
        { Text: 'Edited text', TypeCode: '10007' },
      ]);
      const record = store().comments.get(target.id) as CommentRecord;
      expect(record).toEqual(expect.objectContaining({ Text: 'Edited text', TypeCode: '10007' }));
      expect(updated).toEqual({
        ...target,
        body: 'Edited text',
        type: 'reply_to_customer',
        typeCode: '10007',
        updatedAt: new Date(record.UpdatedOn).toISOString(),
      });
      const onlyBody = await json<Comment>(await patch(path, { body: 'Edited again' }));
      expect(upstreamCalls('PATCH', `/comments/${target.id}`)[1]?.body).toEqual({
        Text: 'Edited again',
      });
      expect(onlyBody).toEqual(
        expect.objectContaining({ body: 'Edited again', typeCode: '10007' }),
      );
    });

    it.each<[string, Record<string, unknown>, string, RegExp]>([
      ['a null body', { body: null }, 'body', /must be a string/],
      ['a null type', { type: null }, 'type', /must be a string/],
      ['a null body beside a valid type', { body: null, type: 'internal_note' }, 'body', /string/],
      ['an empty body', { body: '' }, 'body', /must not be blank/],
      ['a blank body', { body: ' \t\n ' }, 'body', /must not be blank/],
    ])(
      'should refuse a PATCH with %s with 400 on the field and no upstream write',
      async (_label, body, field, message) => {
        const target = thread[1] as Comment;
        const before = store().comments.get(target.id);
        const problem = await expectProblem(
          await patch(`${commentsPath(threadId)}/${target.id}`, body),
          400,
          'VALIDATION_FAILED',
        );
        const errors = problem.errors as { field: string; message: string }[];
        expect([...new Set(errors.map((e) => e.field))]).toEqual([field]);
        expect(errors.map((e) => e.message)).toContainEqual(expect.stringMatching(message));
        expect(gw.sandbox.requests.list().filter((r) => r.method !== 'GET')).toEqual([]);
        expect(store().comments.get(target.id)).toEqual(before);
      },
    );

    it('should answer an empty PATCH with the comment and write nothing', async () => {
      const target = thread[0] as Comment;
      const response = await patch(`${commentsPath(threadId)}/${target.id}`, {});
      expect(response.status).toBe(200);
      expect((await json<Comment>(response)).id).toBe(target.id);
      expect(upstreamCalls('PATCH', '/comments')).toEqual([]);
    });

    it('should refuse a PATCH to type other or another unnamed type, or with unknown fields', async () => {
      const path = `${commentsPath(threadId)}/${thread[1]?.id}`;
      for (const type of ['other', 'bogus', 'Z900', '10005']) {
        const problem = await expectProblem(await patch(path, { type }), 400, 'VALIDATION_FAILED');
        expect(problem.errors).toEqual([expect.objectContaining({ field: 'type' })]);
      }
      await expectProblem(
        await patch(path, { body: 'x', authorName: 'me' }),
        400,
        'VALIDATION_FAILED',
      );
      expect(upstreamCalls('PATCH', '/comments')).toEqual([]);
    });

    it('should delete a comment with 204; it is then gone (404)', async () => {
      const created = await json<Comment>(
        await post(commentsPath(otherId), { body: 'To be removed' }),
      );
      const path = `${commentsPath(otherId)}/${created.id}`;
      const response = await gw.call(path, { method: 'DELETE' });
      expect(response.status).toBe(204);
      expect(await response.text()).toBe('');
      expect(upstreamCalls('DELETE', `/comments/${created.id}`)).toHaveLength(1);
      expect(store().comments.get(created.id)).toBeUndefined();
      await expectProblem(await gw.call(path), 404, 'NOT_FOUND');
      await expectProblem(await gw.call(path, { method: 'DELETE' }), 404, 'NOT_FOUND');
    });

    it('should answer 404 NOT_FOUND for writes on an incident that does not exist', async () => {
      const missing = commentsPath('00163E0000000000000000000000DEAD');
      await expectProblem(await post(missing, { body: 'x' }), 404, 'NOT_FOUND');
      await expectProblem(
        await patch(`${missing}/${thread[0]?.id}`, { body: 'x' }),
        404,
        'NOT_FOUND',
      );
      await expectProblem(
        await gw.call(`${missing}/${thread[0]?.id}`, { method: 'DELETE' }),
        404,
        'NOT_FOUND',
      );
    });

    it('should refuse writes from a caller with only the read scope', async () => {
      const before = store().commentsOf(otherId).length;
      await expectProblem(
        await post(commentsPath(otherId), { body: 'x' }, 'reader'),
        403,
        'FORBIDDEN',
      );
      await expectProblem(
        await gw.call(`${commentsPath(threadId)}/${thread[0]?.id}`, {
          method: 'DELETE',
          key: 'reader',
        }),
        403,
        'FORBIDDEN',
      );
      expect(store().commentsOf(otherId)).toHaveLength(before);
      expect(upstreamCalls('POST', '/comments')).toEqual([]);
    });

    it('should never serve a stale thread or incident after a comment write', async () => {
      const list = `${commentsPath(otherId)}?limit=100`;
      await gw.call(list);
      const cached = await gw.call(list);
      expect(cached.headers.get('cache-status')).toMatch(/hit/);
      const before = await json(await gw.call(`/v1/incidents/${otherId}`));
      const created = await json<Comment>(await post(commentsPath(otherId), { body: 'Fresh' }));
      const after = await json<{ data: Comment[] }>(await gw.call(list));
      expect(after.data.map((c) => c.id)).toContain(created.id);
      const incident = await json(await gw.call(`/v1/incidents/${otherId}`));
      expect(incident.version).not.toBe(before.version);
      expect(incident.version).toBe(store().incidents.get(otherId)?.ETag);

      const one = `${commentsPath(otherId)}/${created.id}`;
      await gw.call(one);
      await patch(one, { body: 'Fresher' });
      expect((await json<Comment>(await gw.call(one))).body).toBe('Fresher');
      await gw.call(one, { method: 'DELETE' });
      await expectProblem(await gw.call(one), 404, 'NOT_FOUND');
      const gone = await json<{ data: Comment[] }>(await gw.call(list));
      expect(gone.data.map((c) => c.id)).not.toContain(created.id);
    });

    it('should answer 415 for a body that is not JSON, multipart included', async () => {
      const form = new FormData();
      form.append('body', 'hello');
      await expectProblem(
        await gw.call(commentsPath(otherId), { method: 'POST', body: form }),
        415,
        'UNSUPPORTED_MEDIA_TYPE',
      );
      await expectProblem(
        await gw.call(commentsPath(otherId), {
          method: 'POST',
          body: 'body=hello',
          headers: { 'content-type': 'text/plain' },
        }),
        415,
        'UNSUPPORTED_MEDIA_TYPE',
      );
      expect(upstreamCalls('POST', '/comments')).toEqual([]);
    });
  });

  describe('the description comment', () => {
    const newIncident = async (description?: string): Promise<string> =>
      (await json(await post('/v1/incidents', { subject: 'Description rules', description })))
        .id as string;
    const descriptionOf = async (incidentId: string): Promise<unknown> =>
      (await json(await gw.call(`/v1/incidents/${incidentId}`))).description;
    const descriptionComments = (incidentId: string) =>
      store()
        .commentsOf(incidentId)
        .filter((c) => c.TypeCode === '10004');

    it.each(['bogus', 'internal_note', '10007', 'other'])(
      'should refuse to change the type of the description comment to %s, keeping the description',
      async (type) => {
        const incidentId = await newIncident('The printer smokes');
        const [description] = descriptionComments(incidentId);
        gw.sandbox.requests.clear();
        const problem = await expectProblem(
          await patch(`${commentsPath(incidentId)}/${description?.ObjectID}`, { type }),
          400,
          'VALIDATION_FAILED',
        );
        expect(problem.errors).toEqual([{ field: 'type', message: expect.stringMatching(/./) }]);
        expect(gw.sandbox.requests.list().filter((r) => r.method !== 'GET')).toEqual([]);
        expect(store().comments.get(description?.ObjectID as string)?.TypeCode).toBe('10004');
        expect(await descriptionOf(incidentId)).toBe('The printer smokes');
      },
    );

    it('should say why the description comment keeps its type', async () => {
      const incidentId = await newIncident('Kept');
      const [description] = descriptionComments(incidentId);
      const problem = await expectProblem(
        await patch(`${commentsPath(incidentId)}/${description?.ObjectID}`, {
          type: 'internal_note',
        }),
        400,
        'VALIDATION_FAILED',
      );
      expect(problem.errors[0].message).toMatch(/description/);
    });

    it('should let the description comment keep its type and change its body', async () => {
      const incidentId = await newIncident('Old words');
      const [description] = descriptionComments(incidentId);
      const path = `${commentsPath(incidentId)}/${description?.ObjectID}`;
      for (const type of ['description', '10004']) {
        const response = await patch(path, { type, body: `New words (${type})` });
        expect(response.status).toBe(200);
        expect((await json<Comment>(response)).type).toBe('description');
        expect(await descriptionOf(incidentId)).toBe(`New words (${type})`);
      }
      expect(descriptionComments(incidentId)).toHaveLength(1);
    });

    it.each(['description', '10004'])(
      'should refuse a POST of type %s when the incident has a description, naming type',
      async (type) => {
        const incidentId = await newIncident('The only one');
        gw.sandbox.requests.clear();
        const problem = await expectProblem(
          await post(commentsPath(incidentId), { body: 'A second one', type }),
          400,
          'VALIDATION_FAILED',
        );
        expect(problem.errors).toEqual([
          {
            field: 'type',
            message: expect.stringContaining(
              descriptionComments(incidentId)[0]?.ObjectID as string,
            ),
          },
        ]);
        expect(upstreamCalls('POST', '/comments')).toEqual([]);
        expect(descriptionComments(incidentId)).toHaveLength(1);
        expect(await descriptionOf(incidentId)).toBe('The only one');
      },
    );

    it('should refuse a PATCH making another comment a second description', async () => {
      const incidentId = await newIncident('First');
      const reply = await json<Comment>(await post(commentsPath(incidentId), { body: 'A reply' }));
      gw.sandbox.requests.clear();
      await expectProblem(
        await patch(`${commentsPath(incidentId)}/${reply.id}`, { type: 'description' }),
        400,
        'VALIDATION_FAILED',
      );
      expect(upstreamCalls('PATCH', '/comments')).toEqual([]);
      expect(store().comments.get(reply.id)?.TypeCode).toBe('10007');
      expect(await descriptionOf(incidentId)).toBe('First');
    });

    it('should take a description comment for an incident without one, which then is its description', async () => {
      const incidentId = await newIncident();
      expect(await descriptionOf(incidentId)).toBeNull();
      const response = await post(commentsPath(incidentId), {
        body: 'Written later',
        type: 'description',
      });
      expect(response.status).toBe(201);
      expect(await descriptionOf(incidentId)).toBe('Written later');
      await expectProblem(
        await post(commentsPath(incidentId), { body: 'And again', type: 'description' }),
        400,
        'VALIDATION_FAILED',
      );
      expect(descriptionComments(incidentId)).toHaveLength(1);
    });

    it('should let a comment become the description of an incident without one', async () => {
      const incidentId = await newIncident();
      const note = await json<Comment>(
        await post(commentsPath(incidentId), { body: 'Promoted', type: 'internal_note' }),
      );
      const response = await patch(`${commentsPath(incidentId)}/${note.id}`, {
        type: 'description',
      });
      expect(response.status).toBe(200);
      expect((await json<Comment>(response)).type).toBe('description');
      expect(await descriptionOf(incidentId)).toBe('Promoted');
    });
  });
});
