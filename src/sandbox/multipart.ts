import busboy from 'busboy';
import type { IncomingMessage } from 'node:http';
import { rejectWhenAborted } from './http-body.js';
import { SandboxHttpError, badRequest } from './http-error.js';

export interface UploadedFile {
  filename: string;
  mimeType: string;
  bytes: Buffer;
}

export interface MultipartUpload {
  fields: Record<string, string>;
  /** The part named `file`, if any. */
  file?: UploadedFile;
}

/** Parses multipart/form-data; a `file` part over the limit is drained and answered with 413. */
export function readMultipart(
  request: IncomingMessage,
  maxFileBytes: number,
): Promise<MultipartUpload> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: request.headers,
        limits: { fileSize: maxFileBytes, files: 5, fields: 20 },
      });
    } catch {
      request.resume();
      reject(badRequest('Malformed multipart request: missing boundary'));
      return;
    }
    const fields: Record<string, string> = {};
    let file: UploadedFile | undefined;
    let tooLarge = false;
    parser.on('field', (name, value) => {
      fields[name] = value;
    });
    parser.on('file', (name, stream, info) => {
      if (name !== 'file' || file) {
        stream.resume();
        return;
      }
      const chunks: Buffer[] = [];
      const current: UploadedFile = {
        filename: info.filename ?? '',
        mimeType: info.mimeType,
        bytes: Buffer.alloc(0),
      };
      file = current;
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('limit', () => {
        tooLarge = true;
      });
      stream.on('end', () => {
        current.bytes = Buffer.concat(chunks);
      });
    });
    parser.on('error', () => {
      request.unpipe(parser);
      request.resume();
      reject(badRequest('Malformed multipart request body'));
    });
    parser.on('close', () => {
      if (tooLarge) {
        reject(
          new SandboxHttpError(
            413,
            `File is larger than the maximum upload size of ${maxFileBytes} bytes`,
          ),
        );
      } else {
        resolve(file ? { fields, file } : { fields });
      }
    });
    rejectWhenAborted(request, reject);
    request.pipe(parser);
  });
}
