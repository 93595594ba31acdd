import type { IncomingHttpHeaders } from 'node:http';
import { ErrorCode } from '../core/errors/error-code.js';
import { GatewayError } from '../core/errors/gateway.error.js';
import { sentMoreThanOnce } from '../core/http/raw-headers.js';

export type Credentials = { kind: 'api-key'; key: string } | { kind: 'bearer'; token: string };

const MAX_API_KEY_LENGTH = 512;
const MAX_TOKEN_LENGTH = 8192;
/** RFC 6750 b64token, which covers the three base64url parts of a JWS. */
const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*)$/i;

/** Sent with every 401 that is not about a bearer token: says which credentials are accepted. */
export const CHALLENGE = 'ApiKey header="X-Api-Key", Bearer';
/** RFC 6750 §3.1: the token was given but cannot be used. Never says which check failed. */
export const INVALID_TOKEN_CHALLENGE = 'Bearer error="invalid_token"';

export function unauthenticated(challenge = CHALLENGE): GatewayError {
  return new GatewayError(ErrorCode.Unauthenticated, 'Missing or invalid credentials', {
    headers: { 'www-authenticate': challenge },
  });
}

/**
 * The caller's one set of credentials: an X-Api-Key or an `Authorization: Bearer` token. Both at
 * once, or either header more than once, are refused rather than picking one, so a request never
 * runs with rights it did not expect (Node keeps the first `Authorization`, a proxy may read the
 * last). `rawHeaders` is Node's raw list of names and values, where repeats show.
 */
export function readCredentials(
  headers: IncomingHttpHeaders,
  rawHeaders: readonly string[],
): Credentials {
  const apiKey = headers['x-api-key'];
  const authorization = headers.authorization;
  if (
    (apiKey !== undefined && authorization !== undefined) ||
    sentMoreThanOnce(apiKey, rawHeaders, 'x-api-key') ||
    sentMoreThanOnce(authorization, rawHeaders, 'authorization')
  ) {
    throw unauthenticated();
  }
  if (typeof apiKey === 'string' && apiKey.length > 0 && apiKey.length <= MAX_API_KEY_LENGTH) {
    return { kind: 'api-key', key: apiKey };
  }
  if (typeof authorization === 'string' && /^Bearer /i.test(authorization)) {
    const token = authorization.length <= MAX_TOKEN_LENGTH && BEARER.exec(authorization)?.[1];
    if (!token) {
      throw unauthenticated(INVALID_TOKEN_CHALLENGE);
    }
    return { kind: 'bearer', token };
  }
  throw unauthenticated();
}
