import { randomBytes } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import type { AttachmentRecord } from '../../src/sandbox/sandbox.js';
import { expectProblem } from '../support/problem-assertions.js';
import { walkPages } from '../support/paging.js';
import { json, KEYS, startTestGateway, type TestGateway } from '../support/test-gateway.js';

interface Attachment {
  id: string;
  incidentId: string;
  fileName: string | null;
  mimeType: string | null;
  sizeBytes: number | null;
  createdAt: string | null;
  raw?: Record<string, unknown>;
}

const MISSING_INCIDENT = '00163E0000000000000000000000DEAD';

function form(
  ...files: { field?: string; name: string; bytes: Buffer | string; type?: string }[]
): FormData {
  const data = new FormData();
  for (const file of files) {
    data.append(file.field ?? 'file', new Blob([file.bytes], { type: file.type ?? '' }), file.name);
  }
  return data;
}

/** A binary file with every byte value, 0x00 and 0xFF at both ends. */
function binaryFile(size: number): Buffer {
  const bytes = randomBytes(size);
  const all = Buffer.from(Array.from({ length: 256 }, (_v, i) => i));
  all.copy(bytes, 1);
  bytes[0] = 0x00;
  bytes[size - 1] = 0xff;
  return bytes;
}

/** Sends a raw body, e.g. a multipart body written by hand, and reads the whole answer. */
function rawPost(
  baseUrl: string,
  path: string,
  headers: Record<string, string>,
  body: Buffer,
): Promise<Response> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: url.hostname, port: url.port, method: 'POST', path, headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const responseHeaders = new Headers();
          for (const [k, v] of Object.entries(res.headers)) {
            if (typeof v === 'string') {
              responseHeaders.set(k, v);
            }
          }
          resolve(
            new Response(Buffer.concat(chunks), {
              status: res.statusCode ?? 0,
              headers: responseHeaders,
            }),
          );
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('Attachments', () => {
  let gw: TestGateway;
  let incidentId: string;
  let seededId: string;

  const store = () => gw.sandbox.store('1001');
  const attachmentsPath = (id: string) => `/v1/incidents/${id}/attachments`;
  const upload = (id: string, body: FormData, key: 'internal' | 'reader' | 'writer' = 'internal') =>
    gw.call(attachmentsPath(id), { method: 'POST', body, key });
  const upstreamCalls = (method: string, fragment: string) =>
    gw.sandbox.requests.list().filter((r) => r.method === method && r.path.includes(fragment));

  beforeAll(async () => {
    gw = await startTestGateway();
    const created = await gw.call('/v1/incidents', {
      method: 'POST',
      body: JSON.stringify({ subject: 'Attachment tests' }),
      headers: { 'content-type': 'application/json' },
    });
    incidentId = (await json(created)).id as string;
    seededId = store()
      .incidents.list()
      .find((i) => store().attachmentsOf(i.ObjectID).length > 1)?.ObjectID as string;
  });

  afterAll(async () => {
    await gw.close();
  });

  beforeEach(() => {
    gw.sandbox.requests.clear();
  });

  describe('upload and download', () => {
    it('should stream a binary file up and give the same bytes back from /content', async () => {
      const bytes = binaryFile(300 * 1024);
      const response = await upload(
        incidentId,
        form({ name: 'dump.bin', bytes, type: 'application/octet-stream' }),
        'writer',
      );
      expect(response.status).toBe(201);
      const created = await json<Attachment>(response);
      expect(response.headers.get('location')).toBe(`${attachmentsPath(incidentId)}/${created.id}`);
      expect(created).toEqual({
        id: expect.stringMatching(/^[0-9A-F]{32}$/),
        incidentId,
        fileName: 'dump.bin',
        mimeType: 'application/octet-stream',
        sizeBytes: bytes.length,
        createdAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
      });

      const sent = upstreamCalls('POST', `/incidents/${incidentId}/attachments`);
      expect(sent.map((r) => [r.status, r.body])).toEqual([
        [
          200,
          {
            fields: {
              metadata: JSON.stringify({
                CategoryCode: '2',
                TypeCode: '10001',
                FileName: 'dump.bin',
              }),
            },
            file: {
              filename: 'dump.bin',
              mimeType: 'application/octet-stream',
              size: bytes.length,
            },
          },
        ],
      ]);
      expect(sent[0]?.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
      const record = store().attachments.get(created.id) as AttachmentRecord;
      expect(Buffer.from(record.Binary, 'base64').equals(bytes)).toBe(true);

      const content = await gw.call(`${attachmentsPath(incidentId)}/${created.id}/content`, {
        key: 'reader',
      });
      expect(content.status).toBe(200);
      expect(content.headers.get('content-type')).toBe('application/octet-stream');
      expect(content.headers.get('content-length')).toBe(String(bytes.length));
      expect(content.headers.get('content-disposition')).toBe(
        'attachment; filename="dump.bin"; filename*=UTF-8\'\'dump.bin',
      );
      expect(content.headers.get('x-content-type-options')).toBe('nosniff');
      expect(Buffer.from(await content.arrayBuffer()).equals(bytes)).toBe(true);

      const metadata = await gw.call(`${attachmentsPath(incidentId)}/${created.id}`);
      expect(await json(metadata)).toEqual(created);
    });

    it('should round-trip a unicode file name and keep the content type of the part', async () => {
      const name = 'Résumé – 报告 ✓.pdf';
      const created = await json<Attachment>(
        await upload(incidentId, form({ name, bytes: '%PDF-1.7 test', type: 'application/pdf' })),
      );
      expect(created).toEqual(
        expect.objectContaining({ fileName: name, mimeType: 'application/pdf', sizeBytes: 13 }),
      );
      expect(store().attachments.get(created.id)).toEqual(
        expect.objectContaining({ Name: name, MimeType: 'application/pdf' }),
      );
      const content = await gw.call(`${attachmentsPath(incidentId)}/${created.id}/content`);
      expect(content.headers.get('content-type')).toBe('application/pdf');
      const disposition = content.headers.get('content-disposition') as string;
      expect(disposition).toBe(
        `attachment; filename="Resume _ __ _.pdf"; filename*=UTF-8''${encodeURIComponent(name)}`,
      );
      expect(decodeURIComponent(disposition.split("UTF-8''")[1] as string)).toBe(name);
      expect(await content.text()).toBe('%PDF-1.7 test');
    });

    it('should serve a file name changed in SAP to something hostile without breaking headers', async () => {
      const created = await json<Attachment>(
        await upload(incidentId, form({ name: 'ok.txt', bytes: 'hello', type: 'text/plain' })),
      );
      store().attachments.update(created.id, {
        Name: 'evil"\r\nSet-Cookie: stolen=1\r\n.html',
        MimeType: 'text/html\r\nX-Injected: 1',
      });
      const content = await gw.call(`${attachmentsPath(incidentId)}/${created.id}/content`);
      expect(content.status).toBe(200);
      expect(content.headers.get('set-cookie')).toBeNull();
      expect(content.headers.get('x-injected')).toBeNull();
      expect(content.headers.get('content-type')).toBe('application/octet-stream');
      expect(content.headers.get('content-disposition')).toBe(
        'attachment; filename="evilSet-Cookie: stolen=1.html"; ' +
          "filename*=UTF-8''evilSet-Cookie%3A%20stolen%3D1.html",
      );
      expect(await content.text()).toBe('hello');
    });

    it('should serve /content whatever the Accept header, and metadata only as JSON', async () => {
      const [first] = store().attachmentsOf(seededId);
      const base = `${attachmentsPath(seededId)}/${first?.ObjectID}`;
      const accept = { accept: 'application/octet-stream' };
      expect((await gw.call(`${base}/content`, { headers: accept })).status).toBe(200);
      await expectProblem(await gw.call(base, { headers: accept }), 406, 'NOT_ACCEPTABLE');
    });

    it('should give /content an ETag of its bytes, and 304 for If-None-Match with it', async () => {
      const bytes = binaryFile(2048);
      const created = await json(await upload(incidentId, form({ name: 'e.bin', bytes })));
      const contentPath = `${attachmentsPath(incidentId)}/${created.id}/content`;

      const first = await gw.call(contentPath);
      const etag = first.headers.get('etag');
      const notModified = await gw.call(contentPath, { headers: { 'if-none-match': etag ?? '' } });
      const other = await gw.call(contentPath, {
        headers: { 'if-none-match': '"something-else"' },
      });

      expect(first.status).toBe(200);
      expect(etag).toMatch(/^"[A-Za-z0-9_-]{27}"$/);
      expect(Buffer.from(await first.arrayBuffer()).equals(bytes)).toBe(true);
      expect(notModified.status).toBe(304);
      expect(notModified.headers.get('etag')).toBe(etag);
      expect(await notModified.text()).toBe('');
      expect(other.status).toBe(200);
      expect(Buffer.from(await other.arrayBuffer()).equals(bytes)).toBe(true);
      const seeded = store().attachmentsOf(seededId)[0];
      const otherFile = await gw.call(`${attachmentsPath(seededId)}/${seeded?.ObjectID}/content`);
      expect(otherFile.headers.get('etag')).not.toBe(etag);
    });
  });

  describe('lists and reads', () => {
    it('should list the seeded attachments as the store holds them, without their content', async () => {
      const records = store().attachmentsOf(seededId);
      const response = await gw.call(`${attachmentsPath(seededId)}?limit=100`, { key: 'reader' });
      const text = await response.text();
      const body = JSON.parse(text) as { data: Attachment[] };
      expect(body.data.map((a) => a.id).sort()).toEqual(records.map((r) => r.ObjectID).sort());
      for (const record of records) {
        expect(body.data.find((a) => a.id === record.ObjectID)).toEqual({
          id: record.ObjectID,
          incidentId: seededId,
          fileName: record.Name,
          mimeType: record.MimeType,
          sizeBytes: Buffer.from(record.Binary, 'base64').length,
          createdAt: new Date(record.CreatedOn).toISOString(),
        });
        expect(text).not.toContain(record.Binary);
      }
    });

    it('should page through more than 3 pages, oldest first, with nextCursor null on the last', async () => {
      const fresh = (
        await json(
          await gw.call('/v1/incidents', {
            method: 'POST',
            body: JSON.stringify({ subject: 'Many attachments' }),
            headers: { 'content-type': 'application/json' },
          }),
        )
      ).id as string;
      const uploaded: string[] = [];
      for (let i = 1; i <= 7; i++) {
        const response = await upload(fresh, form({ name: `part-${i}.txt`, bytes: `#${i}` }));
        uploaded.push((await json<Attachment>(response)).id);
      }
      const walk = await walkPages<Attachment>(gw, `${attachmentsPath(fresh)}?limit=2`);
      expect(walk.pages).toBe(4);
      expect(walk.items.map((a) => a.id)).toEqual(uploaded);
      const last = await json(await gw.call(`${attachmentsPath(fresh)}?limit=7`));
      expect(last.page).toEqual({ limit: 7, nextCursor: null });
      const newest = await walkPages<Attachment>(
        gw,
        `${attachmentsPath(fresh)}?limit=3&sort=-createdAt`,
      );
      expect(newest.items.map((a) => a.id)).toEqual([...uploaded].reverse());
    });

    it('should refuse a cursor replayed on another incident', async () => {
      const first = await json(await gw.call(`${attachmentsPath(incidentId)}?limit=1`));
      expect(first.page.nextCursor).toEqual(expect.any(String));
      const cursor = encodeURIComponent(first.page.nextCursor as string);
      await expectProblem(
        await gw.call(`${attachmentsPath(seededId)}?limit=1&cursor=${cursor}`),
        400,
        'VALIDATION_FAILED',
      );
    });

    it('should give internal callers the raw record without its content, and refuse others', async () => {
      const [record] = store().attachmentsOf(seededId);
      const path = `${attachmentsPath(seededId)}/${record?.ObjectID}?include=raw`;
      const body = await json<Attachment>(await gw.call(path));
      expect(body.raw).toEqual(
        expect.objectContaining({ ObjectID: record?.ObjectID, Name: record?.Name }),
      );
      expect(body.raw).not.toHaveProperty('Binary');
      await expectProblem(await gw.call(path, { key: 'reader' }), 403, 'FORBIDDEN');
    });

    it('should answer 404 NOT_FOUND for an incident or attachment that does not exist', async () => {
      await expectProblem(await gw.call(attachmentsPath(MISSING_INCIDENT)), 404, 'NOT_FOUND');
      const [record] = store().attachmentsOf(seededId);
      await expectProblem(
        await gw.call(`${attachmentsPath(incidentId)}/${record?.ObjectID}`),
        404,
        'NOT_FOUND',
      );
      await expectProblem(
        await gw.call(`${attachmentsPath(seededId)}/${MISSING_INCIDENT}/content`),
        404,
        'NOT_FOUND',
      );
    });
  });

  describe('refused uploads', () => {
    const attachmentCount = () => store().attachments.list().length;

    it('should answer 415 for a body that is not multipart', async () => {
      const before = attachmentCount();
      for (const [type, body] of [
        ['application/json', '{"file":"aGVsbG8="}'],
        ['text/plain', 'hello'],
        ['application/octet-stream', 'hello'],
      ] as const) {
        await expectProblem(
          await gw.call(attachmentsPath(incidentId), {
            method: 'POST',
            body,
            headers: { 'content-type': type },
          }),
          415,
          'UNSUPPORTED_MEDIA_TYPE',
        );
      }
      expect(attachmentCount()).toBe(before);
      expect(upstreamCalls('POST', '/attachments')).toEqual([]);
    });

    it.each<[string, () => FormData, string]>([
      [
        'a form without a file part',
        () => {
          const data = new FormData();
          data.append('note', 'no file here');
          return data;
        },
        'note',
      ],
      ['an empty form', () => new FormData(), 'file'],
      [
        'a file in another part',
        () => form({ field: 'upload', name: 'a.txt', bytes: 'x' }),
        'upload',
      ],
      [
        'a second file after the first',
        () => form({ name: 'a.txt', bytes: 'first' }, { name: 'b.txt', bytes: 'second' }),
        'file',
      ],
      [
        'a field after the file',
        () => {
          const data = form({ name: 'a.txt', bytes: 'first' });
          data.append('comment', 'extra');
          return data;
        },
        'comment',
      ],
    ])('should answer 400 for %s and create nothing', async (_label, body, field) => {
      const before = attachmentCount();
      const problem = await expectProblem(
        await upload(incidentId, body()),
        400,
        'VALIDATION_FAILED',
      );
      expect(problem.errors).toEqual([expect.objectContaining({ field })]);
      expect(attachmentCount()).toBe(before);
      expect(upstreamCalls('POST', '/attachments').filter((r) => r.status === 200)).toEqual([]);
    });

    it('should answer 400 for a malformed multipart body', async () => {
      const response = await rawPost(
        gw.url,
        attachmentsPath(incidentId),
        {
          'x-api-key': KEYS.writer,
          'content-type': 'multipart/form-data; boundary=xyz',
        },
        Buffer.from(
          '--xyz\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n\r\nunterminated',
        ),
      );
      await expectProblem(response, 400, 'VALIDATION_FAILED');
    });

    it('should answer 404 NOT_FOUND for an upload to an incident that does not exist', async () => {
      const before = attachmentCount();
      await expectProblem(
        await upload(MISSING_INCIDENT, form({ name: 'a.bin', bytes: binaryFile(64 * 1024) })),
        404,
        'NOT_FOUND',
      );
      expect(attachmentCount()).toBe(before);
    });

    it('should refuse an upload from a caller with only the read scope', async () => {
      const before = attachmentCount();
      await expectProblem(
        await upload(incidentId, form({ name: 'a.txt', bytes: 'x' }), 'reader'),
        403,
        'FORBIDDEN',
      );
      expect(attachmentCount()).toBe(before);
      expect(upstreamCalls('POST', '/attachments')).toEqual([]);
    });
  });

  describe('Idempotency-Key', () => {
    const keyed = (key: string, body: FormData) =>
      gw.call(attachmentsPath(incidentId), {
        method: 'POST',
        body,
        headers: { 'idempotency-key': key },
      });

    it('should replay the first upload for the same file, with no second upstream write', async () => {
      gw.sandbox.requests.clear();
      const first = await keyed('upload-same-1', form({ name: 'same.txt', bytes: 'same bytes' }));
      const again = await keyed('upload-same-1', form({ name: 'same.txt', bytes: 'same bytes' }));

      expect([first.status, again.status]).toEqual([201, 201]);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      expect(await json(again)).toEqual(await json(first));
      expect(upstreamCalls('POST', '/attachments')).toHaveLength(1);
    });

    it.each([
      ['other bytes', { name: 'a1.txt', bytes: 'second file' }],
      ['another name', { name: 'a2.txt', bytes: 'first file' }],
      ['another type', { name: 'a1.txt', bytes: 'first file', type: 'text/csv' }],
    ])(
      'should refuse the same key with %s with 409, and write nothing more upstream',
      async (label, second) => {
        const key = `upload-other-${label.replace(/ /g, '-')}`;
        gw.sandbox.requests.clear();
        const first = await keyed(
          key,
          form({ name: 'a1.txt', bytes: 'first file', type: 'text/plain' }),
        );
        expect(first.status).toBe(201);

        const conflict = await keyed(key, form({ type: 'text/plain', ...second }));

        await expectProblem(conflict, 409, 'CONFLICT');
        expect(upstreamCalls('POST', '/attachments')).toHaveLength(1);
      },
    );
  });

  describe('delete', () => {
    it('should delete with 204, after which the metadata and the content are 404', async () => {
      const created = await json<Attachment>(
        await upload(incidentId, form({ name: 'bye.txt', bytes: 'bye' })),
      );
      const path = `${attachmentsPath(incidentId)}/${created.id}`;
      const response = await gw.call(path, { method: 'DELETE', key: 'writer' });
      expect(response.status).toBe(204);
      expect(upstreamCalls('DELETE', `/attachments/${created.id}`)).toHaveLength(1);
      expect(store().attachments.get(created.id)).toBeUndefined();
      await expectProblem(await gw.call(path), 404, 'NOT_FOUND');
      await expectProblem(await gw.call(`${path}/content`), 404, 'NOT_FOUND');
      await expectProblem(await gw.call(path, { method: 'DELETE' }), 404, 'NOT_FOUND');
    });

    it('should never serve a stale list or incident after an upload or a delete', async () => {
      const list = `${attachmentsPath(incidentId)}?limit=100`;
      await gw.call(list);
      expect((await gw.call(list)).headers.get('cache-status')).toMatch(/hit/);
      const before = await json(await gw.call(`/v1/incidents/${incidentId}`));
      const created = await json<Attachment>(
        await upload(incidentId, form({ name: 'fresh.txt', bytes: 'fresh' })),
      );
      const after = await json<{ data: Attachment[] }>(await gw.call(list));
      expect(after.data.map((a) => a.id)).toContain(created.id);
      const incident = await json(await gw.call(`/v1/incidents/${incidentId}`));
      expect(incident.version).not.toBe(before.version);

      const one = `${attachmentsPath(incidentId)}/${created.id}`;
      expect((await gw.call(one)).status).toBe(200);
      await gw.call(one, { method: 'DELETE' });
      await expectProblem(await gw.call(one), 404, 'NOT_FOUND');
      const gone = await json<{ data: Attachment[] }>(await gw.call(list));
      expect(gone.data.map((a) => a.id)).not.toContain(created.id);
    });

    it('should refuse a delete from a caller with only the read scope', async () => {
      const [record] = store().attachmentsOf(seededId);
      await expectProblem(
        await gw.call(`${attachmentsPath(seededId)}/${record?.ObjectID}`, {
          method: 'DELETE',
          key: 'reader',
        }),
        403,
        'FORBIDDEN',
      );
      expect(store().attachments.get(record?.ObjectID as string)).toBeDefined();
    });
  });
});

describe('Attachments over the size limit', () => {
  let gw: TestGateway;
  let incidentId: string;
  const LIMIT = 2048;

  const store = () => gw.sandbox.store('1001');
  const upload = (bytes: Buffer) => {
    const data = new FormData();
    data.append('file', new Blob([bytes], { type: 'application/octet-stream' }), 'big.bin');
    return gw.call(`/v1/incidents/${incidentId}/attachments`, { method: 'POST', body: data });
  };

  beforeAll(async () => {
    gw = await startTestGateway({ env: { ATTACHMENT_MAX_BYTES: String(LIMIT) } });
    incidentId = store().incidents.list()[0]?.ObjectID as string;
  });

  afterAll(async () => {
    await gw.close();
  });

  beforeEach(() => {
    gw.sandbox.requests.clear();
  });

  it('should accept a file of exactly the limit', async () => {
    const bytes = binaryFile(LIMIT);
    const response = await upload(bytes);
    expect(response.status).toBe(201);
    const created = await json<Attachment>(response);
    expect(created.sizeBytes).toBe(LIMIT);
    const record = store().attachments.get(created.id) as AttachmentRecord;
    expect(Buffer.from(record.Binary, 'base64').equals(bytes)).toBe(true);
  });

  it.each([LIMIT + 1, 64 * 1024, 1024 * 1024])(
    'should answer 413 for a %i-byte file, abort the upstream upload and create nothing',
    async (size) => {
      const before = store().attachments.list().length;
      const problem = await expectProblem(await upload(binaryFile(size)), 413, 'PAYLOAD_TOO_LARGE');
      expect(problem.detail).toContain(String(LIMIT));
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(store().attachments.list()).toHaveLength(before);
      const completed = gw.sandbox.requests
        .list()
        .filter((r) => r.method === 'POST' && r.path.includes('/attachments') && r.status !== 0);
      expect(completed).toEqual([]);
      expect((await gw.call(`/v1/incidents/${incidentId}/comments?limit=1`)).status).toBe(200);
      // The call broke off because of the caller: no network failure of the upstream is counted.
      const metrics = await (await gw.call('/metrics', { key: null })).text();
      const uploads = metrics
        .split('\n')
        .filter((line) =>
          line.startsWith(
            'hgw_upstream_requests_total{route="/incidents/{id}/attachments",method="POST"',
          ),
        );
      expect(uploads.some((line) => line.includes('status="aborted"'))).toBe(true);
      expect(uploads.filter((line) => line.includes('status="network"'))).toEqual([]);
    },
  );
});
