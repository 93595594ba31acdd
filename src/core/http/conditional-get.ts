import { hash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * Gives every 200 answer to a GET whose body is in hand (JSON text, or a file's bytes) an ETag (the
 * cache sets its own; others get one from the body) and turns a matching If-None-Match into 304
 * without a body. Streams (the event stream, the docs' assets) pass untouched.
 */
export function conditionalGet(
  request: FastifyRequest,
  reply: FastifyReply,
  payload: unknown,
): unknown {
  const inHand = typeof payload === 'string' || Buffer.isBuffer(payload);
  if (request.method !== 'GET' || reply.statusCode !== 200 || !inHand) {
    return payload;
  }
  let etag = reply.getHeader('etag');
  if (typeof etag !== 'string') {
    const json = String(reply.getHeader('content-type') ?? '').includes('json');
    if (typeof payload === 'string' && !json) {
      return payload;
    }
    etag = `"${hash('sha1', payload, 'base64url')}"`;
    void reply.header('etag', etag);
  }
  if (matches(request.headers['if-none-match'], etag)) {
    void reply.code(304);
    // No representation metadata on a 304 but what updates a cache (RFC 9110 §15.4.5).
    reply.removeHeader('content-length');
    reply.removeHeader('content-type');
    return '';
  }
  return payload;
}

function matches(header: string | undefined, etag: string): boolean {
  if (!header) {
    return false;
  }
  const weakless = (tag: string): string => tag.trim().replace(/^W\//, '');
  return header.trim() === '*' || header.split(',').some((tag) => weakless(tag) === weakless(etag));
}
