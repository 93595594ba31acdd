import { Logger } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import type { Counter, Histogram } from 'prom-client';
import FindMyWay from 'find-my-way';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { CallerAuthentication } from '../auth/caller-authentication.service.js';
import { acceptsJson } from '../core/http/accept.js';
import { requestIdFor } from '../core/http/request-id.js';
import type { MetricsService } from '../metrics/metrics.service.js';
import type { RateLimiter } from '../security/rate-limiter.service.js';
import { CACHED_ROUTE, type CachePolicy, type ScopeParams } from './cached.decorator.js';
import { bypassesCache, cacheRequestOf } from './cache-request.js';
import type { CacheRequest, ResponseCache } from './response-cache.service.js';

export interface LocalHitParts {
  callers: CallerAuthentication;
  limiter: RateLimiter;
  cache: ResponseCache;
  metrics: MetricsService;
  /** True from SIGTERM on: answers must then close their connection, which Fastify's hooks do. */
  isDraining(): boolean;
}

interface LaneRoute {
  url: string;
  policy: CachePolicy;
  /** The metric series an answer on this route counts in, made on its first answer. */
  series?: RouteSeries;
}

interface RouteSeries {
  requests: Counter.Internal;
  duration: Histogram.Internal<string>;
  hits: Counter.Internal;
  localHits: Counter.Internal;
}

/** What a request URL comes to for one tenant and audience: its route and cache request. */
interface Derived {
  route: LaneRoute;
  cacheRequest: CacheRequest;
}

/** URLs whose route and cache key are remembered (per tenant and audience). */
const DERIVED_MAX = 10_000;

/**
 * Answers the commonest request of all, a GET of a `@Cached` route by an API-key caller whose
 * fresh answer this process holds a copy of (CACHE_LOCAL_MAX_MB), as soon as Node hands it over:
 * before Fastify builds its request and reply, runs its hooks and Nest's. Such an answer costs
 * less than half of what it costs through them (docs/benchmarks.md), and is the same answer: the
 * same checks of the caller, tenant and scope, the same rate limit charge (from this instance's lease),
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
  private readonly derived = new LRUCache<string, Derived>({ max: DERIVED_MAX });

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
      bypassesCache(headers['cache-control']) ||
      hasBody(request) ||
      !acceptsJson(headers.accept) ||
      parts.isDraining()
    ) {
      return false;
    }
    const who = parts.callers.identifyApiKeyNow(headers, request.rawHeaders, 'GET');
    if (!who) {
      return false;
    }
    const derived = this.derive(request.url as string, who.tenant, who.caller.internal);
    if (!derived) {
      return false;
    }
    const hit = parts.cache.freshLocalHit(derived.cacheRequest);
    if (!hit) {
      return false;
    }
    const rateLimit = parts.limiter.chargeHitFromLease(who.caller.id, who.tenant);
    if (!rateLimit) {
      return false;
    }
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
      String(hit.bytes ? hit.bytes.length : Buffer.byteLength(hit.body)),
    );
    response.writeHead(200, answer);
    // The bytes go out beside the header as they are (5 % faster than writing the text, which
    // Node joins to the header and encodes on every answer).
    response.end(hit.bytes ?? hit.body);
    const series = (derived.route.series ??= seriesOf(parts.metrics, derived.route));
    series.requests.inc();
    series.duration.observe((performance.now() - started) / 1000);
    series.hits.inc();
    series.localHits.inc();
    return true;
  }

  /** The route and cache request of a URL (remembered), or undefined when it is no cached GET. */
  private derive(url: string, tenant: string, internal: boolean): Derived | undefined {
    const memo = `${tenant}\n${internal ? 'i' : ''}\n${url}`;
    const known = this.derived.get(memo);
    if (known) {
      return known;
    }
    const found = this.router.find('GET', url);
    if (!found || Object.values(found.params).includes('')) {
      return undefined;
    }
    const route = found.store as LaneRoute;
    const cacheRequest = cacheRequestOf(
      {
        url,
        cacheControl: undefined,
        internal,
        deadlineAt: 0,
        params: found.params as unknown as ScopeParams,
        query: found.searchParams,
      },
      tenant,
      route.policy,
    );
    const derived = { route, cacheRequest };
    this.derived.set(memo, derived);
    return derived;
  }
}

/** The series Fastify's hooks and the response cache count a hit in (see app.factory.ts). */
function seriesOf(metrics: MetricsService, route: LaneRoute): RouteSeries {
  const labels = { route: route.url, method: 'GET', status: '200' };
  const resource = route.policy.resource;
  return {
    requests: metrics.httpRequests.labels(labels),
    duration: metrics.httpDuration.labels(labels),
    hits: metrics.cacheResults.labels({ resource, result: 'hit' }),
    localHits: metrics.cacheLocalHits.labels({ resource }),
  };
}

/** A GET that announces a body is left to Fastify, which parses (and may refuse) it. */
function hasBody(request: IncomingMessage): boolean {
  const length = request.headers['content-length'];
  return (
    (length !== undefined && length !== '0') || request.headers['transfer-encoding'] !== undefined
  );
}
