import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export type CacheResult = 'hit' | 'miss' | 'stale' | 'bypass' | 'coalesced' | 'not_found' | 'error';

/**
 * Every Prometheus metric the gateway exports, in one registry per app (so several gateways in one
 * process do not collide). Labels are bounded: route templates, methods, statuses, tenants from config.
 */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();

  readonly httpRequests = new Counter({
    name: 'hgw_http_requests_total',
    help: 'Requests served, by route template, method and status',
    labelNames: ['route', 'method', 'status'] as const,
    registers: [this.registry],
  });

  readonly httpDuration = new Histogram({
    name: 'hgw_http_request_duration_seconds',
    help: 'Time to answer a request, by route template, method and status',
    labelNames: ['route', 'method', 'status'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  readonly upstreamCalls = new Counter({
    name: 'hgw_upstream_requests_total',
    help: 'Calls to Cloud Elements, by path template, method and status (or timeout, network, or aborted: the caller broke off its upload)',
    labelNames: ['route', 'method', 'status'] as const,
    registers: [this.registry],
  });

  readonly upstreamDuration = new Histogram({
    name: 'hgw_upstream_request_duration_seconds',
    help: 'Time Cloud Elements took to answer, by path template and method',
    labelNames: ['route', 'method'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  readonly upstreamRetries = new Counter({
    name: 'hgw_upstream_retries_total',
    help: 'Upstream attempts repeated after a transient failure, by method',
    labelNames: ['method'] as const,
    registers: [this.registry],
  });

  readonly circuitState = new Gauge({
    name: 'hgw_circuit_state',
    help: 'Circuit breaker state per tenant: 0 closed, 1 half-open, 2 open, 3 isolated',
    labelNames: ['tenant'] as const,
    registers: [this.registry],
  });

  readonly circuitTransitions = new Counter({
    name: 'hgw_circuit_transitions_total',
    help: 'Circuit breaker state changes per tenant',
    labelNames: ['tenant', 'to'] as const,
    registers: [this.registry],
  });

  readonly upstreamRejected = new Counter({
    name: 'hgw_upstream_fast_failures_total',
    help: 'Calls refused without reaching Cloud Elements: open circuit, 429 pause, full bulkhead',
    labelNames: ['tenant', 'reason'] as const,
    registers: [this.registry],
  });

  readonly cacheResults = new Counter({
    name: 'hgw_cache_results_total',
    help: 'Response cache outcomes: hit, miss, stale, bypass, coalesced, not_found, error',
    labelNames: ['resource', 'result'] as const,
    registers: [this.registry],
  });

  readonly cacheLocalHits = new Counter({
    name: 'hgw_cache_local_hits_total',
    help: 'Cache hits answered from an in-process copy as soon as the request arrived (also counted as hits above)',
    labelNames: ['resource'] as const,
    registers: [this.registry],
  });

  readonly redisErrors = new Counter({
    name: 'hgw_redis_errors_total',
    help: 'Redis commands that failed or timed out (the gateway then serves without Redis)',
    registers: [this.registry],
  });

  readonly redisUp = new Gauge({
    name: 'hgw_redis_up',
    help: '1 while the Redis connection is ready',
    registers: [this.registry],
  });

  readonly cacheLocalEntries = new Gauge({
    name: 'hgw_cache_local_entries',
    help: 'Fresh cache entries also held in this process (CACHE_LOCAL_MAX_MB)',
    registers: [this.registry],
  });

  readonly cacheLocalBytes = new Gauge({
    name: 'hgw_cache_local_bytes',
    help: 'Estimated memory of the entries held in this process',
    registers: [this.registry],
  });

  readonly cacheTrackingUp = new Gauge({
    name: 'hgw_cache_tracking_up',
    help: '1 while Redis invalidation tracking is on (copies in process are used only then)',
    registers: [this.registry],
  });

  readonly authFailures = new Counter({
    name: 'hgw_auth_failures_total',
    help: 'Requests refused for their credentials: missing, api_key, invalid_token, jwks_unavailable',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });

  readonly rateLimited = new Counter({
    name: 'hgw_rate_limited_total',
    help: 'Requests refused with 429, by the budget that ran out (client or tenant)',
    labelNames: ['scope'] as const,
    registers: [this.registry],
  });

  readonly rateLimitFailOpen = new Counter({
    name: 'hgw_rate_limit_fail_open_total',
    help: 'Requests let through unlimited because Redis could not be asked',
    registers: [this.registry],
  });

  readonly tokenFetches = new Counter({
    name: 'hgw_element_token_fetches_total',
    help: 'Element token look-ups with GET /instances/{id}, by tenant and result',
    labelNames: ['tenant', 'result'] as const,
    registers: [this.registry],
  });

  readonly eventNotifications = new Counter({
    name: 'hgw_event_notifications_total',
    help: 'Cloud Elements notifications received, by outcome: accepted, duplicate, rejected',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  readonly events = new Counter({
    name: 'hgw_events_total',
    help: 'Helpdesk events published, by resource, source (webhook, poller) and delivery (stream, local)',
    labelNames: ['resource', 'source', 'delivery'] as const,
    registers: [this.registry],
  });

  readonly eventPolls = new Counter({
    name: 'hgw_event_polls_total',
    help: 'Fallback polls for changes per tenant: ok, error, skipped (another instance holds the lock)',
    labelNames: ['tenant', 'result'] as const,
    registers: [this.registry],
  });

  readonly sseClients = new Gauge({
    name: 'hgw_sse_clients',
    help: 'Event streams (GET /v1/events) open on this instance',
    registers: [this.registry],
  });

  readonly sseDisconnects = new Counter({
    name: 'hgw_sse_disconnects_total',
    help: 'Event streams ended, by reason: client-gone, slow-client, shutdown, error',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'hgw_' });
  }
}
