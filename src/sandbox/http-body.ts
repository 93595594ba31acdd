import type { IncomingMessage } from 'node:http';
import { SandboxHttpError, badRequest } from './http-error.js';

export const MAX_JSON_BYTES = 1024 * 1024;

/**
 * Reads the whole body. Past the limit the rest is still drained (answering before the client
 * finished sending would make it see a reset instead of the 413).
 */
export function readBody(request: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) {
        chunks.push(chunk);
      }
    });
    request.once('end', () => {
      if (size > limit) {
        reject(new SandboxHttpError(413, `Request body is larger than ${limit} bytes`));
      } else {
        resolve(Buffer.concat(chunks));
      }
    });
    request.once('error', reject);
    rejectWhenAborted(request, reject);
  });
}

/** A client that goes away mid-body must not leave the read pending forever. */
export function rejectWhenAborted(request: IncomingMessage, reject: (error: Error) => void): void {
  request.once('close', () => {
    if (!request.complete) {
      reject(
        new SandboxHttpError(400, 'The client closed the connection before the body was complete'),
      );
    }
  });
}

export function mediaType(request: IncomingMessage): string {
  return (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

function isJsonMediaType(type: string): boolean {
  return type === 'application/json' || (type.startsWith('application/') && type.endsWith('+json'));
}

/** POST/PATCH bodies: application/json (else 415) holding a JSON object (else 400). */
export async function readJsonObject(request: IncomingMessage): Promise<Record<string, unknown>> {
  if (!isJsonMediaType(mediaType(request))) {
    request.resume();
    throw new SandboxHttpError(
      415,
      'Unsupported Media Type: the request body must be application/json',
    );
  }
  const text = (await readBody(request, MAX_JSON_BYTES)).toString('utf8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw badRequest('Malformed JSON in the request body');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw badRequest('The request body must be a JSON object');
  }
  return parsed as Record<string, unknown>;
}
