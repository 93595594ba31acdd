import busboy from 'busboy';
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { multipartBody, type MultipartPart } from './multipart-body.js';

interface Parsed {
  fields: Record<string, string>;
  files: { name: string; filename: string; mimeType: string; bytes: Buffer }[];
}

/** Parses a body with busboy, as a multipart server would. */
function parse(body: Buffer, contentType: string): Promise<Parsed> {
  return new Promise((resolve, reject) => {
    const parsed: Parsed = { fields: {}, files: [] };
    const parser = busboy({ headers: { 'content-type': contentType } });
    parser.on('field', (name, value) => {
      parsed.fields[name] = value;
    });
    parser.on('file', (name, stream, info) => {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () =>
        parsed.files.push({
          name,
          filename: info.filename ?? '',
          mimeType: info.mimeType,
          bytes: Buffer.concat(chunks),
        }),
      );
    });
    parser.on('error', reject);
    parser.on('close', () => resolve(parsed));
    parser.end(body);
  });
}

async function collect(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) {
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

async function* chunksOf(bytes: Buffer, size: number): AsyncGenerator<Buffer> {
  for (let i = 0; i < bytes.length; i += size) {
    await Promise.resolve();
    yield bytes.subarray(i, i + size);
  }
}

describe(multipartBody.name, () => {
  it('should encode a field and a streamed binary file that a multipart parser reads back', async () => {
    const bytes = Buffer.concat([
      Buffer.from([0x00, 0xff, 0x0d, 0x0a, 0x2d, 0x2d]),
      randomBytes(200_000),
    ]);
    const body = multipartBody([
      { name: 'metadata', value: '{"FileName":"a.bin"}' },
      {
        name: 'file',
        fileName: 'a.bin',
        contentType: 'application/octet-stream',
        content: chunksOf(bytes, 7777),
      },
    ]);
    expect(body.contentType).toMatch(
      /^multipart\/form-data; boundary=----HelpdeskGateway[0-9a-f]{32}$/,
    );
    const parsed = await parse(await collect(body.stream), body.contentType);
    expect(parsed.fields).toEqual({ metadata: '{"FileName":"a.bin"}' });
    expect(parsed.files).toHaveLength(1);
    expect(parsed.files[0]).toEqual(
      expect.objectContaining({
        name: 'file',
        filename: 'a.bin',
        mimeType: 'application/octet-stream',
      }),
    );
    expect(parsed.files[0]?.bytes.equals(bytes)).toBe(true);
  });

  it('should carry a unicode file name and a hostile one safely', async () => {
    const parts: MultipartPart[] = [
      {
        name: 'file',
        fileName: 'Résumé 报告.pdf',
        contentType: 'application/pdf',
        content: [Buffer.from('%PDF')],
      },
    ];
    const body = multipartBody(parts, 'b0undary');
    const text = (await collect(body.stream)).toString('utf8');
    expect(text).toBe(
      '--b0undary\r\n' +
        'Content-Disposition: form-data; name="file"; filename="Resume __.pdf"; ' +
        "filename*=UTF-8''R%C3%A9sum%C3%A9%20%E6%8A%A5%E5%91%8A.pdf\r\n" +
        'Content-Type: application/pdf\r\n\r\n%PDF\r\n--b0undary--\r\n',
    );
    const parsed = await parse(Buffer.from(text), body.contentType);
    expect(parsed.files[0]?.filename).toBe('Résumé 报告.pdf');

    const hostile = multipartBody([
      {
        name: 'file',
        fileName: 'x"\r\nContent-Type: text/html\r\n\r\n<b>',
        contentType: 'text/plain',
        content: [Buffer.from('ok')],
      },
    ]);
    const hostileParsed = await parse(await collect(hostile.stream), hostile.contentType);
    expect(hostileParsed.files).toHaveLength(1);
    expect(hostileParsed.files[0]?.mimeType).toBe('text/plain');
    expect(hostileParsed.files[0]?.bytes.toString()).toBe('ok');
  });

  it('should fail the stream with the content error and never write the closing boundary', async () => {
    const failure = new Error('upload broke');
    async function* broken(): AsyncGenerator<Buffer> {
      yield Buffer.from('first part of the file');
      await Promise.resolve();
      throw failure;
    }
    const body = multipartBody(
      [{ name: 'file', fileName: 'a.txt', contentType: 'text/plain', content: broken() }],
      'edge',
    );
    const seen: Buffer[] = [];
    body.stream.on('data', (chunk: Buffer) => seen.push(chunk));
    const error = await new Promise((resolve) => body.stream.once('error', resolve));
    expect(error).toBe(failure);
    expect(body.stream.errored).toBe(failure);
    expect(Buffer.concat(seen).toString()).toContain('first part of the file');
    expect(Buffer.concat(seen).toString()).not.toContain('--edge--');
  });

  it('should read the content only as fast as the body is read', async () => {
    let produced = 0;
    function* endless(): Generator<Buffer> {
      for (;;) {
        produced++;
        yield Buffer.alloc(64 * 1024);
      }
    }
    const body = multipartBody([
      {
        name: 'file',
        fileName: 'big.bin',
        contentType: 'application/octet-stream',
        content: endless(),
      },
    ]);
    const reader = body.stream[Symbol.asyncIterator]();
    await reader.next();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(produced).toBeLessThan(5);
    body.stream.destroy();
  });

  it('should refuse part names and content types that could break the header block', () => {
    expect(() => multipartBody([{ name: 'a"b', value: 'x' }])).toThrow(/part name/);
    expect(() =>
      multipartBody([
        { name: 'file', fileName: 'a', contentType: 'text/plain\r\nX: y', content: [] },
      ]),
    ).toThrow(/content type/);
  });
});
