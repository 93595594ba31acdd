import { Logger } from '@nestjs/common';
import FindMyWay from 'find-my-way';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { CallerAuthentication } from '../auth/caller-authentication.service.js';
import { acceptsJson } from '../core/http/accept.js';
import { requestIdFor } from '../core/http/request-id.js';
import type { RateLimiter } from '../security/rate-limiter.service.js';
import { CACHED_ROUTE, type CachePolicy, type ScopeParams } from './cached.decorator.js';
import { cacheRequestOf } from './cache-request.js';
import type { ResponseCache } from './response-cache.service.js';

export interface LocalHitParts {
  callers: CallerAuthentication;
  limiter: RateLimiter;
  cache: ResponseCache;
  /** True from SIGTERM on: answers must then close their connection, which Fastify's hooks do. */
  isDraining(): boolean;
  /** Counts an answer in the HTTP metrics, as Fastify's onResponse hook does. */
  onAnswered(route: string, method: string, status: number, seconds: number): void;
}

interface LaneRoute {
  url: string;
  policy: CachePolicy;
}

/**
 * Answers the commonest request of all, a GET of a `@Cached` route by an API-key caller whose
 * fresh answer this process holds a copy of (CACHE_LOCAL_MAX_MB), as soon as Node hands it over:
 * before Fastify builds its request and reply, runs its hooks and Nest's. Such an answer costs a
 * third of what it costs through them (docs/benchmarks.md), and is the same answer: the same
 * checks of the caller, tenant and scope, the same rate limit charge (from this instance's lease),
 * the same headers (the security set, request id, RateLimit, cache headers) and the same metrics.
 *
 * Everything else goes on to Fastify untouched, and nothing has happened to it here: a bearer
 * token, a refused or doubtful request (it is refused there, and counted once), a conditional or
 * bypassing GET, a request with an Origin or a body, no live rate limit lease, a copy that is
 * missing, stale or a remembered 404, and every request once shutdown has begun.
 */
export class LocalHitLane {
  private readonly router = FindMyWay<FindMyWay.HTTPVersion.V1>();
  private readonly logger = new Logger(LocalHitLane.name);
  private parts?: LocalHitParts;

  /** `fixedHeaders`: sent with every answer (the security headers), as name, value, name, value. */
  constructor(private readonly fixedHeaders: readonly string[]) {}

  /** Told every route Fastify registers (its onRoute hook); keeps the cached GETs. */
  addRoute(route: { method: string | string[]; url: string; config?: unknown }): void {
    const policy = (route.config as Record<string, unknown> | undefined)?.[CACHED_ROUTE] as
      CachePolicy | undefined;
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if (policy && methods.includes('GET') && !this.router.hasRoute('GET', route.url)) {
      const store: LaneRoute = { url: route.url, policy };
      this.router.on('GET', route.url, () => undefined, store);
    }
  }

  /** Starts answering, once the app's services exist. */
  start(parts: LocalHitParts): void {
    this.parts = parts;
  }

  /** True when the request was answered here; false to hand it to Fastify, untouched. */
  answer(request: IncomingMessage, response: ServerResponse): boolean {
    const parts = this.parts;
    if (!parts || request.method !== 'GET' || !request.url?.startsWith('/v1/')) {
      return false;
    }
    try {
      return this.answerHit(parts, request, response);
    } catch (error) {
      // A fault here must not cost the request: Fastify answers it as if this lane did not exist.
      this.logger.error(`Local hit lane failed: ${String(error)}`);
      return response.headersSent;
    }
  }

  private answerHit(parts: LocalHitParts, request: IncomingMessage, response: ServerResponse) {
    const started = performance.now();
    const headers = request.headers;
    if (
      headers.origin !== undefined ||
      headers['if-none-match'] !== undefined ||
      hasBody(request) ||
      !acceptsJson(headers.accept) ||
      parts.isDraining()
    ) {
      return false;
    }
    const url = request.url as string;
    const found = this.router.find('GET', url);
    if (!found || Object.values(found.params).includes('')) {
      return false;
    }
    const route = found.store as LaneRoute;
    const who = parts.callers.identifyApiKeyNow(headers, request.rawHeaders, 'GET');
    if (!who) {
      return false;
    }
    const cacheRequest = cacheRequestOf(
      {
        url,
        cacheControl: headers['cache-control'],
        internal: who.caller.internal,
        deadlineAt: Date.now(),
        params: found.params as unknown as ScopeParams,
        query: found.searchParams,
      },
      who.tenant,
      route.policy,
    );
    const hit = parts.cache.freshLocalHit(cacheRequest);
    if (!hit) {
      return false;
    }
    const rateLimit = parts.limiter.chargeHitFromLease(who.caller.id, who.tenant);
    if (!rateLimit) {
      return false;
    }
    parts.cache.countLocalHit(cacheRequest);
    const answer = [...this.fixedHeaders, 'x-request-id', requestIdFor(request)];
    for (const name in rateLimit) {
      answer.push(name, rateLimit[name] as string);
    }
    answer.push(
      'content-type',
      'application/json; charset=utf-8',
      'etag',
      hit.etag,
      'cache-status',
      hit.cacheStatus,
      'age',
      String(hit.ageSeconds),
      'cache-control',
      'private, no-cache',
      'content-length',
      String(Buffer.byteLength(hit.body)),
    );
    response.writeHead(200, answer);
    response.end(hit.body);
    parts.onAnswered(route.url, 'GET', 200, (performance.now() - started) / 1000);
    return true;
  }
}

/** A GET that announces a body is left to Fastify, which parses (and may refuse) it. */
function hasBody(request: IncomingMessage): boolean {
  const length = request.headers['content-length'];
  return (
    (length !== undefined && length !== '0') || request.headers['transfer-encoding'] !== undefined
  );
}
