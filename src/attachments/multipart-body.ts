import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { fileNameParameters } from './content-disposition.js';

export interface MultipartField {
  name: string;
  value: string;
}

export interface MultipartFilePart {
  name: string;
  fileName: string;
  contentType: string;
  /** Read once, as the body is sent: an error thrown here fails (and so aborts) the body. */
  content: AsyncIterable<Uint8Array> | Iterable<Uint8Array>;
}

export type MultipartPart = MultipartField | MultipartFilePart;

export interface MultipartBody {
  /** The encoded body, produced as it is read. */
  stream: Readable;
  /** `multipart/form-data; boundary=…` */
  contentType: string;
}

const PART_NAME = /^[A-Za-z0-9_.-]{1,64}$/;
const MEDIA_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/i;
const CRLF = Buffer.from('\r\n');

/**
 * Encodes parts as multipart/form-data (RFC 7578) into a stream, so a file goes out while it
 * comes in: nothing is buffered beyond the chunk at hand, and the stream keeps the pace its reader
 * sets. The closing boundary is written only after the last part ended without an error.
 */
export function multipartBody(
  parts: readonly MultipartPart[],
  boundary = `----HelpdeskGateway${randomBytes(16).toString('hex')}`,
): MultipartBody {
  for (const part of parts) {
    checkPart(part);
  }
  return {
    stream: Readable.from(encode(parts, boundary), { objectMode: false }),
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}

async function* encode(parts: readonly MultipartPart[], boundary: string): AsyncGenerator<Buffer> {
  for (const part of parts) {
    yield Buffer.from(`--${boundary}\r\n${headersOf(part)}\r\n`, 'utf8');
    if ('value' in part) {
      yield Buffer.from(part.value, 'utf8');
    } else {
      for await (const chunk of part.content) {
        yield Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
      }
    }
    yield CRLF;
  }
  yield Buffer.from(`--${boundary}--\r\n`, 'utf8');
}

function headersOf(part: MultipartPart): string {
  if ('value' in part) {
    return `Content-Disposition: form-data; name="${part.name}"\r\n`;
  }
  return (
    `Content-Disposition: form-data; name="${part.name}"; ${fileNameParameters(part.fileName)}\r\n` +
    `Content-Type: ${part.contentType}\r\n`
  );
}

/** Names and types come from code; anything that could break the header block is a bug. */
function checkPart(part: MultipartPart): void {
  if (!PART_NAME.test(part.name)) {
    throw new Error(`Not a usable multipart part name: ${part.name}`);
  }
  if (!('value' in part) && !MEDIA_TYPE.test(part.contentType)) {
    throw new Error(`Not a usable content type: ${part.contentType}`);
  }
}
