import type { FastifyReply, FastifyRequest } from 'fastify';
import { canonicalPathAndQuery, responseKey } from './cache-keys.js';
import { requestParts, type CachePolicy, type ScopeParams } from './cached.decorator.js';
import type {
  CachedResponse,
  CacheProbe,
  CacheRequest,
  ResponseCache,
} from './response-cache.service.js';

/**
 * What the response cache needs to know about an identified GET (`request.tenant` set): its key
 * (tenant + path + canonical query, and the audience when `include=raw` changes the body), the
 * generation scopes it depends on, and whether the caller asked to bypass stored answers.
 */
export function cacheRequestFor(
  request: FastifyRequest,
  tenant: string,
  policy: CachePolicy,
): CacheRequest {
  return cacheRequestOf(
    {
      url: request.url,
      cacheControl: request.headers['cache-control'],
      internal: request.caller?.internal === true,
      deadlineAt: request.deadlineAt ?? Date.now(),
      ...requestParts(request),
    },
    tenant,
    policy,
  );
}

/** What `cacheRequestFor` reads of a request, for a caller that has no Fastify request. */
export interface CacheRequestSource {
  url: string;
  cacheControl: string | undefined;
  /** The caller is an internal service (may read `include=raw`). */
  internal: boolean;
  deadlineAt: number;
  params: ScopeParams;
  query: Record<string, unknown>;
}

/** `Cache-Control: no-cache` from the caller: read upstream (still coalesced) and store. */
export function bypassesCache(cacheControl: string | undefined): boolean {
  return cacheControl !== undefined && /\bno-cache\b/i.test(cacheControl);
}

export function cacheRequestOf(
  source: CacheRequestSource,
  tenant: string,
  policy: CachePolicy,
): CacheRequest {
  // A raw body differs by audience; only internal callers may get one.
  const audience = source.query.include === 'raw' && source.internal ? '#internal' : '';
  return {
    tenant,
    resource: policy.resource,
    key: responseKey(tenant, policy.resource, `${canonicalPathAndQuery(source.url)}${audience}`),
    scopes: policy.scopes(source),
    bypass: bypassesCache(source.cacheControl),
    deadlineAt: source.deadlineAt,
  };
}

/** The headers of an answer from the cache; the body is the stored JSON text, sent as it is. */
export function setCachedResponseHeaders(reply: FastifyReply, response: CachedResponse): void {
  void reply
    .header('content-type', 'application/json; charset=utf-8')
    .header('etag', response.etag)
    .header('cache-status', response.cacheStatus)
    .header('age', String(response.ageSeconds))
    .header('cache-control', 'private, no-cache');
}

/**
 * The Cache-Status of a cached path's answer that the cache did not give: `fwd=bypass` with the
 * cache off, else `fwd=miss` with Age 0 (an error from the upstream or the gateway's checks).
 */
export function setUncachedStatus(reply: FastifyReply, cacheEnabled: boolean): void {
  if (!cacheEnabled) {
    void reply.header('cache-status', 'helpdesk-gateway; fwd=bypass');
    return;
  }
  void reply.header('cache-status', 'helpdesk-gateway; fwd=miss').header('age', '0');
}

/** Left on a request by the fast lane when it could not answer, for the handler's wrapper to go on. */
export interface CacheLookup {
  cache: ResponseCache;
  request: CacheRequest;
  probe?: CacheProbe;
}

declare module 'fastify' {
  interface FastifyRequest {
    cacheLookup?: CacheLookup;
  }
}
