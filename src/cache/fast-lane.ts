import { Logger } from '@nestjs/common';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { CallerAuthentication } from '../auth/caller-authentication.service.js';
import { sendProblem } from '../core/errors/gateway-exception.filter.js';
import { GatewayError } from '../core/errors/gateway.error.js';
import type { RateLimiter } from '../security/rate-limiter.service.js';
import type { TenantCircuits } from '../upstream/resilience/tenant-circuits.service.js';
import { CACHED_ROUTE, type CachePolicy } from './cached.decorator.js';
import { cacheRequestFor, setCachedResponseHeaders, setUncachedStatus } from './cache-request.js';
import type { ResponseCache } from './response-cache.service.js';

export interface FastLaneParts {
  callers: CallerAuthentication;
  limiter: RateLimiter;
  cache: ResponseCache;
  circuits: TenantCircuits;
}

/**
 * Answers two kinds of `@Cached` GET in a Fastify preHandler hook, before Nest's guards,
 * interceptors and pipes, with the same identification and the same response and headers:
 *
 * - a fresh cache hit, a remembered 404 included. Its rate limit charge and the cache read go out
 *   together; Nest's pipes are not needed, since an entry exists only for a path and query that
 *   passed them. A request refused a hit's cost is answered 429 here only when it is a hit.
 * - a fast fail: the tenant's circuit is open or its upstream asked for a pause, and no stored
 *   answer could stand in (Nest would serve a stale one). Charged as a whole request first, so an
 *   exhausted budget still answers 429. Such a GET is refused before its query is validated.
 *
 * Anything else (a miss, a stale entry, a bypass, Redis unavailable, a HEAD) goes on to Nest, which
 * knows the caller already and charges only the rest of a whole request. With the cache on, the
 * request carries its cache lookup there, for the handler's wrapper (ServedFromCache).
 */
export function installFastLane(fastify: FastifyInstance, parts: FastLaneParts): void {
  const logger = new Logger('Errors');
  // Callback style: a hook that answered simply never calls `done`. An async hook would have to
  // return the reply, and Fastify then waits for the response stream to finish before going on.
  fastify.addHook('preHandler', (request, reply, done) => {
    const policy = request.routeOptions.config?.[CACHED_ROUTE as never] as CachePolicy | undefined;
    if (!policy || (request.method !== 'GET' && request.method !== 'HEAD')) {
      done();
      return;
    }
    answerEarly(request, reply, policy, parts).then(
      (answered) => {
        if (!answered) {
          // What Nest answers says the cache did not give it (errors and refusals of the query
          // included) unless the handler's wrapper says otherwise.
          setUncachedStatus(reply, parts.cache.enabled);
          done();
        }
      },
      (error: Error) => {
        // A refusal (401, 403, 429, an open circuit) is rendered here as the exception filter
        // would, without Fastify's and Nest's error paths; anything else goes to the filter.
        if (error instanceof GatewayError) {
          sendProblem(request, reply, error, logger);
        } else {
          done(error);
        }
      },
    );
  });
}

/** True when the answer was sent; false to go on to Nest. A thrown error is the answer too. */
async function answerEarly(
  request: FastifyRequest,
  reply: FastifyReply,
  policy: CachePolicy,
  parts: FastLaneParts,
): Promise<boolean> {
  // Refused credentials, tenant or scope are answered here, exactly as the guard would.
  await parts.callers.identify(request);
  const tenant = request.tenant as string;
  if (parts.cache.enabled) {
    const cacheRequest = cacheRequestFor(request, tenant, policy);
    // The handler's wrapper (ServedFromCache) goes on from here; a HEAD is only identified.
    request.cacheLookup = { cache: parts.cache, request: cacheRequest };
    if (cacheRequest.bypass || request.method === 'HEAD') {
      return false;
    }
    const [hitRefusal, { hit, notFound, probe }] = await Promise.all([
      parts.limiter.tryCharge(request, reply, parts.limiter.cacheHitCost),
      parts.cache.peek(cacheRequest),
    ]);
    if (hitRefusal && (hit || notFound)) {
      throw parts.limiter.refuse(hitRefusal);
    }
    if (hit) {
      setCachedResponseHeaders(reply, hit);
      void reply.send(hit.body);
      return true;
    }
    if (notFound) {
      // A remembered 404 is an answer from the cache too, charged as one.
      throw notFound;
    }
    // Not a hit, so a hit's cost being refused says nothing yet: the rest of the way charges a
    // whole request, and answers 429 with the time until a whole request fits when it does not.
    // The handler's wrapper goes on from this read instead of making it again.
    request.cacheLookup.probe = probe;
    if (probe?.entry) {
      // Stale: it may answer even while the upstream is refused.
      return false;
    }
  }
  const refusal = parts.circuits.refusalNow(tenant);
  if (!refusal) {
    return false;
  }
  await parts.limiter.chargeRest(request, reply);
  // A cached path's answer says what the cache did, errors included (as the handler's wrapper does).
  setUncachedStatus(reply, parts.cache.enabled);
  throw refusal;
}
