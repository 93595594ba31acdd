import { hash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * Gives every 200 JSON answer to a GET an ETag (the cache sets its own; others get one from the
 * body) and turns a matching If-None-Match into 304 without a body.
 */
export function conditionalGet(
  request: FastifyRequest,
  reply: FastifyReply,
  payload: unknown,
): unknown {
  if (request.method !== 'GET' || reply.statusCode !== 200 || typeof payload !== 'string') {
    return payload;
  }
  let etag = reply.getHeader('etag');
  if (typeof etag !== 'string') {
    if (!String(reply.getHeader('content-type') ?? '').includes('json')) {
      return payload;
    }
    etag = `"${hash('sha1', payload, 'base64url')}"`;
    void reply.header('etag', etag);
  }
  if (matches(request.headers['if-none-match'], etag)) {
    void reply.code(304);
    reply.removeHeader('content-length');
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
