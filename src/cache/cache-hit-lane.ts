import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { CallerAuthentication } from '../auth/caller-authentication.service.js';
import type { RateLimiter } from '../security/rate-limiter.service.js';
import { CACHED_ROUTE, type CachePolicy } from './cached.decorator.js';
import { cacheRequestFor, setCachedResponseHeaders } from './cache-request.js';
import type { ResponseCache } from './response-cache.service.js';

export interface CacheHitLaneParts {
  callers: CallerAuthentication;
  limiter: RateLimiter;
  cache: ResponseCache;
}

/**
 * Answers fresh cache hits of `@Cached` GETs in a Fastify preHandler hook, before Nest's guards,
 * interceptors and pipes: the same identification, the same response and headers, a third of the
 * work. The hit's rate limit charge and the cache read go to Redis together (one round trip with
 * auto-pipelining). Anything but a fresh hit (a miss, a stale entry, a bypass, Redis unavailable)
 * goes on to Nest, which knows the caller already and charges only the rest of a whole request.
 * Validation is not skipped: Nest reads the cache before its pipes too, and an entry exists only
 * for a path and query that passed them.
 */
export function installCacheHitLane(fastify: FastifyInstance, parts: CacheHitLaneParts): void {
  // Callback style: a hook that answered simply never calls `done`. An async hook would have to
  // return the reply, and Fastify then waits for the response stream to finish before going on.
  fastify.addHook('preHandler', (request, reply, done) => {
    const policy = request.routeOptions.config?.[CACHED_ROUTE as never] as CachePolicy | undefined;
    if (!policy || request.method !== 'GET' || !parts.cache.enabled) {
      done();
      return;
    }
    answerHit(request, reply, policy, parts).then(
      (answered) => {
        if (!answered) {
          done();
        }
      },
      (error: Error) => done(error),
    );
  });
}

/** True when a fresh hit was sent; false to go on to Nest. */
async function answerHit(
  request: FastifyRequest,
  reply: FastifyReply,
  policy: CachePolicy,
  parts: CacheHitLaneParts,
): Promise<boolean> {
  // Refused credentials, tenant or scope are answered here, exactly as the guard would.
  await parts.callers.identify(request);
  const cacheRequest = cacheRequestFor(request, request.tenant as string, policy);
  request.cacheLookup = { request: cacheRequest };
  if (cacheRequest.bypass) {
    return false;
  }
  const [, { hit, probe }] = await Promise.all([
    parts.limiter.charge(request, reply, parts.limiter.cacheHitCost),
    parts.cache.peek(cacheRequest),
  ]);
  if (!hit) {
    // Nest's interceptor goes on from this read instead of making it again.
    request.cacheLookup.probe = probe;
    return false;
  }
  setCachedResponseHeaders(reply, hit);
  void reply.send(hit.body);
  return true;
}
