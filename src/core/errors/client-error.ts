import { randomUUID } from 'node:crypto';
import type { Socket } from 'node:net';
import { ERROR_CODES, ErrorCode, problemType } from './error-code.js';

/**
 * Node refuses some requests before Fastify sees them (malformed framing, oversized headers).
 * The socket then gets a contract problem written by hand, since no request object exists.
 */
export function writeClientError(error: NodeJS.ErrnoException, socket: Socket): void {
  if (!socket.writable || error.code === 'ECONNRESET') {
    socket.destroy();
    return;
  }
  const code = ErrorCode.ValidationFailed;
  const requestId = randomUUID();
  const body = JSON.stringify({
    type: problemType(code),
    title: ERROR_CODES[code].title,
    status: 400,
    code,
    detail:
      error.code === 'HPE_HEADER_OVERFLOW'
        ? 'The request headers are too large'
        : 'The request is malformed',
    instance: '/',
    requestId,
    retryable: false,
  });
  socket.end(
    [
      'HTTP/1.1 400 Bad Request',
      'Content-Type: application/problem+json',
      `Content-Length: ${Buffer.byteLength(body)}`,
      `X-Error-Code: ${code}`,
      `X-Request-Id: ${requestId}`,
      'Connection: close',
      '',
      body,
    ].join('\r\n'),
  );
}
