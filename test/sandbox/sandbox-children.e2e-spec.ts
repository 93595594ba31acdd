import type { AttachmentRecord, CommentRecord, Sandbox } from '../../src/sandbox/sandbox.js';
import { body, hub, startTestSandbox } from './sandbox-test-client.js';

describe('sandbox comments and attachments', () => {
  let sandbox: Sandbox;
  let incidentId: string;

  beforeAll(async () => {
    sandbox = await startTestSandbox({ instances: [{ id: '1001' }], maxUploadBytes: 64 * 1024 });
    incidentId = sandbox.store('1001').incidents.list()[0]?.id ?? '';
  });

  afterAll(async () => {
    await sandbox.close();
  });

  describe('comments', () => {
    it('should create, read, update, list and delete a comment', async () => {
      const incidentBefore = sandbox.store('1001').incidents.get(incidentId);
      const created = await hub(sandbox, `/incidents/${incidentId}/comments`, {
        method: 'POST',
        json: { Text: 'We are on it', TypeCode: '10007' },
      });
      expect(created.status).toBe(200);
      const comment = await body<CommentRecord>(created);
      expect(comment).toMatchObject({
        ParentObjectID: incidentId,
        Text: 'We are on it',
        TypeCode: '10007',
        TypeCodeText: 'Reply to Customer',
        AuthorName: 'Integration User',
      });
      expect(sandbox.store('1001').incidents.get(incidentId)?.ETag).not.toBe(incidentBefore?.ETag);

      const path = `/incidents/${incidentId}/comments/${comment.id}`;
      expect(await body(await hub(sandbox, path))).toEqual(comment);

      const patched = await body<CommentRecord>(
        await hub(sandbox, path, { method: 'PATCH', json: { Text: 'Fixed' } }),
      );
      expect(patched).toMatchObject({ Text: 'Fixed', TypeCode: '10007' });
      expect(patched.UpdatedOn).toBeGreaterThanOrEqual(comment.UpdatedOn);

      const list = await body<CommentRecord[]>(
        await hub(sandbox, `/incidents/${incidentId}/comments?pageSize=200`),
      );
      expect(list.map((c) => c.id)).toContain(comment.id);

      const deleted = await hub(sandbox, path, { method: 'DELETE' });
      expect(deleted.status).toBe(200);
      expect((await hub(sandbox, path)).status).toBe(404);
    });

    it('should filter comments by TypeCode and honour pageSize', async () => {
      const store = sandbox.store('1001');
      const incident = store.incidents.list().find((i) => store.commentsOf(i.id).length >= 3)!;
      const where = encodeURIComponent("TypeCode = '10004'");
      const descriptions = await body<CommentRecord[]>(
        await hub(sandbox, `/incidents/${incident.id}/comments?where=${where}`),
      );
      expect(descriptions.every((c) => c.TypeCode === '10004')).toBe(true);
      expect(descriptions).toHaveLength(
        store.commentsOf(incident.id).filter((c) => c.TypeCode === '10004').length,
      );
      const page = await hub(sandbox, `/incidents/${incident.id}/comments?pageSize=2`);
      expect(await body<unknown[]>(page)).toHaveLength(2);
      expect(page.headers.get('elements-returned-count')).toBe('2');
    });

    it('should answer 404 for an unknown incident or a comment of another incident', async () => {
      const missing = await hub(sandbox, '/incidents/nope/comments');
      expect(missing.status).toBe(404);
      expect(await body(missing)).toMatchObject({ message: 'No incident found with ID nope' });
      const store = sandbox.store('1001');
      const [first, second] = store.incidents
        .list()
        .filter((i) => store.commentsOf(i.id).length > 0);
      const foreign = store.commentsOf(second!.id)[0];
      const response = await hub(sandbox, `/incidents/${first!.id}/comments/${foreign?.id}`);
      expect(response.status).toBe(404);
      expect(await body(response)).toMatchObject({
        message: `No comment found with ID ${foreign?.id}`,
      });
    });

    it('should reject a comment without Text', async () => {
      const response = await hub(sandbox, `/incidents/${incidentId}/comments`, {
        method: 'POST',
        json: { TypeCode: '10007' },
      });
      expect(response.status).toBe(400);
    });
  });

  describe('attachments', () => {
    function upload(
      file: Blob | undefined,
      filename: string,
      metadata?: string,
    ): Promise<Response> {
      const form = new FormData();
      if (file) {
        form.append('file', file, filename);
      }
      if (metadata !== undefined) {
        form.append('metadata', metadata);
      }
      return hub(sandbox, `/incidents/${incidentId}/attachments`, { method: 'POST', body: form });
    }

    it('should upload a file and read the same bytes back from Binary', async () => {
      const bytes = Buffer.from([0, 1, 2, 250, 251, 252, 10, 13]);
      const metadata = JSON.stringify({
        CategoryCode: '2',
        TypeCode: '10001',
        FileName: 'renamed.bin',
      });
      const response = await upload(
        new Blob([bytes], { type: 'application/octet-stream' }),
        'original.bin',
        metadata,
      );
      expect(response.status).toBe(200);
      const attachment = await body<AttachmentRecord>(response);
      expect(attachment).toMatchObject({
        ParentObjectID: incidentId,
        Name: 'renamed.bin',
        MimeType: 'application/octet-stream',
        CategoryCode: '2',
        TypeCode: '10001',
      });
      const read = await body<AttachmentRecord>(
        await hub(sandbox, `/incidents/${incidentId}/attachments/${attachment.id}`),
      );
      expect(Buffer.from(read.Binary, 'base64')).toEqual(bytes);

      const list = await body<AttachmentRecord[]>(
        await hub(sandbox, `/incidents/${incidentId}/attachments`),
      );
      expect(list.map((a) => a.id)).toContain(attachment.id);

      const request = sandbox.requests
        .list()
        .find((r) => r.method === 'POST' && r.path.endsWith('/attachments'));
      expect(request?.body).toEqual({
        fields: { metadata },
        file: {
          filename: 'original.bin',
          mimeType: 'application/octet-stream',
          size: bytes.length,
        },
      });

      expect(
        (
          await hub(sandbox, `/incidents/${incidentId}/attachments/${attachment.id}`, {
            method: 'DELETE',
          })
        ).status,
      ).toBe(200);
      expect(
        (await hub(sandbox, `/incidents/${incidentId}/attachments/${attachment.id}`)).status,
      ).toBe(404);
    });

    it('should use the part file name and defaults without metadata', async () => {
      const response = await upload(new Blob(['hello'], { type: 'text/plain' }), 'hello.txt');
      expect(await body(response)).toMatchObject({
        Name: 'hello.txt',
        MimeType: 'text/plain',
        CategoryCode: '2',
      });
    });

    it('should answer 400 without a file part and for bad metadata', async () => {
      expect((await upload(undefined, '', '{}')).status).toBe(400);
      expect((await upload(new Blob(['x']), 'x.txt', '{not json')).status).toBe(400);
    });

    it('should answer 413 for a file over the upload limit', async () => {
      const response = await upload(new Blob([Buffer.alloc(65 * 1024, 1)]), 'big.bin');
      expect(response.status).toBe(413);
      expect(await body(response)).toMatchObject({
        message: expect.stringContaining('maximum upload size'),
      });
    });

    it('should answer 415 for a JSON upload', async () => {
      const response = await hub(sandbox, `/incidents/${incidentId}/attachments`, {
        method: 'POST',
        json: { Name: 'x' },
      });
      expect(response.status).toBe(415);
    });
  });
});
