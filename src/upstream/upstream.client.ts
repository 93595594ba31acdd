import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Pool, errors as undiciErrors } from 'undici';
import type { GatewayConfig, UpstreamConfig } from '../config/gateway-config.js';
import { GatewayError } from '../core/errors/gateway.error.js';
import { ceAuthorization } from './ce-authorization.js';
import type { UpstreamCall, UpstreamResult } from './upstream-call.js';
import { UpstreamFailure } from './upstream-failure.js';
import {
  errorCode,
  header,
  numberHeader,
  parseBody,
  queryString,
  statusFailure,
  upstreamRequestId,
  type RawExchange,
  type RawResponse,
} from './upstream-exchange.js';
import { ElementTokenService } from './element-token.service.js';
import { RetryBudget } from './resilience/retry-budget.js';
import type { RetrySettings } from './resilience/retry-policy.js';
import { TenantCircuits } from './resilience/tenant-circuits.service.js';
import { withRetries } from './resilience/with-retries.js';
import { AttemptTimeoutError, dispatchWhole, ResponseTooLargeError } from './whole-response.js';
import { MetricsService } from '../metrics/metrics.service.js';
import { routeTemplate } from './route-template.js';
import { SecretRedactor } from '../security/secret-redactor.js';

/**
 * The only code that speaks HTTP to Cloud Elements: builds the authorization header from the
 * server-side secrets and the tenant's element token, keeps a keep-alive pool, bounds every call
 * with a timeout, and returns parsed results or throws an UpstreamFailure.
 */
@Injectable()
export class UpstreamClient implements OnModuleDestroy {
  private readonly logger = new Logger(UpstreamClient.name);
  private readonly config: UpstreamConfig;
  private readonly pool: Pool;
  private readonly basePath: string;

  private readonly retrySettings: RetrySettings;
  /** Per tenant, so one failing tenant cannot spend the others' retries. */
  private readonly retryBudgets = new Map<string, RetryBudget>();
  private readonly retryBudgetRatio: number;

  constructor(
    @Inject(ConfigService) configService: ConfigService<GatewayConfig, true>,
    @Inject(ElementTokenService) private readonly tokens: ElementTokenService,
    @Inject(TenantCircuits) private readonly circuits: TenantCircuits,
    @Inject(MetricsService) private readonly metrics: MetricsService,
    @Inject(SecretRedactor) private readonly secrets: SecretRedactor,
  ) {
    this.config = configService.get('upstream', { infer: true });
    const resilience = configService.get('resilience', { infer: true });
    this.retrySettings = {
      maxRetries: resilience.maxRetries,
      baseDelayMs: resilience.retryBaseMs,
      maxDelayMs: resilience.retryMaxMs,
      maxRetryAfterMs: resilience.retryAfterMaxSeconds * 1000,
    };
    this.retryBudgetRatio = resilience.retryBudgetRatio;
    const base = new URL(this.config.baseUrl);
    this.basePath = base.pathname.replace(/\/+$/, '');
    this.pool = new Pool(base.origin, {
      connections: this.config.connections,
      keepAliveTimeout: 30_000,
      connectTimeout: this.config.attemptTimeoutMs,
    });
    this.tokens.useLookup((instanceId, requestId) =>
      this.lookupInstanceToken(instanceId, requestId),
    );
  }

  /**
   * Calls the Helpdesk hub for a tenant, under the tenant's circuit breaker; transient failures of
   * idempotent calls are retried; a 401 fetches a fresh element token once and tries again.
   */
  hub<T>(call: UpstreamCall): Promise<UpstreamResult<T>> {
    return this.circuits.guard(call.tenant, () => this.withFreshToken<T>(call));
  }

  private async withFreshToken<T>(call: UpstreamCall): Promise<UpstreamResult<T>> {
    const token = await this.tokens.get(call.tenant, call.requestId);
    try {
      return await this.withRetries<T>(call, token);
    } catch (error) {
      if (isStatus(error, 401) && replayable(call) && this.tokens.canRefresh(call.tenant)) {
        const fresh = await this.tokens.refresh(call.tenant, token, call.requestId);
        return this.withRetries<T>(call, fresh);
      }
      throw error;
    }
  }

  private withRetries<T>(call: UpstreamCall, token: string): Promise<UpstreamResult<T>> {
    const deadlineAt = call.deadlineAt ?? Date.now() + this.config.requestDeadlineMs;
    return withRetries(
      {
        method: call.method,
        deadlineAt,
        settings: this.retrySettings,
        budget: this.retryBudget(call.tenant),
        replayable: replayable(call),
        onRetry: () => this.metrics.upstreamRetries.inc({ method: call.method }),
        onThrottled: (retryAfter) => this.circuits.pause(call.tenant, retryAfter),
      },
      () =>
        this.circuits.limit(call.tenant, deadlineAt, () =>
          this.hubAttempt<T>(call, token, deadlineAt),
        ),
    );
  }

  private retryBudget(tenant: string): RetryBudget {
    let budget = this.retryBudgets.get(tenant);
    if (!budget) {
      // A reserve of ten retries, refilled at the configured share of requests.
      budget = new RetryBudget(this.retryBudgetRatio, 10);
      this.retryBudgets.set(tenant, budget);
    }
    return budget;
  }

  /**
   * Lets calls in flight finish, for as long as one request may run; a call still open after that
   * (nothing should be) is cut, so shutdown never waits on the upstream without bound.
   */
  async onModuleDestroy(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const waited = await Promise.race([
      this.pool.close().then(() => true),
      new Promise<false>((resolve) => {
        timer = setTimeout(() => resolve(false), this.config.requestDeadlineMs + 1000);
      }),
    ]);
    clearTimeout(timer);
    if (!waited) {
      this.logger.warn('Upstream calls still open at shutdown after the request deadline: cut');
      await this.pool.destroy();
    }
  }

  /** One attempt, bounded by the request's deadline as the retries and the bulkhead see it. */
  private async hubAttempt<T>(
    call: UpstreamCall,
    token: string,
    deadlineAt: number,
  ): Promise<UpstreamResult<T>> {
    const headers: Record<string, string> = {
      authorization: ceAuthorization(this.config, token),
      accept: 'application/json',
      'x-request-id': call.requestId,
    };
    let body: RawExchange['body'];
    if (call.raw) {
      headers['content-type'] = call.raw.contentType;
      body = call.raw.body;
    } else if (call.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(call.body);
    }
    const response = await this.exchange({
      method: call.method,
      path: `${this.basePath}/hubs/helpdesk${call.path}${queryString(call.query)}`,
      headers,
      body,
      phase: 'hub',
      subject: call.subject,
      deadlineAt,
    });
    return {
      status: response.status,
      body: parseBody<T>(response, call.method, 'hub'),
      upstreamRequestId: response.upstreamRequestId,
      nextPageToken: header(response, 'elements-next-page-token'),
      returnedCount: numberHeader(response, 'elements-returned-count'),
    };
  }

  private async lookupInstanceToken(instanceId: string, requestId: string): Promise<string> {
    const response = await this.exchange({
      method: 'GET',
      path: `${this.basePath}/instances/${encodeURIComponent(instanceId)}`,
      headers: {
        authorization: ceAuthorization(this.config),
        accept: 'application/json',
        'x-request-id': requestId,
      },
      phase: 'instance',
    });
    const instance = parseBody<{ token?: unknown }>(response, 'GET', 'instance');
    if (typeof instance?.token !== 'string' || instance.token.length === 0) {
      throw new UpstreamFailure({ kind: 'invalid-body', phase: 'instance', method: 'GET' });
    }
    return instance.token;
  }

  private async exchange(request: RawExchange): Promise<RawResponse> {
    const remaining = (request.deadlineAt ?? Infinity) - Date.now();
    if (remaining <= 0) {
      // No time is left before the request's deadline (the call waited in the bulkhead past it,
      // or starts after it): nothing is sent, and the call fails as a timeout.
      const { phase, method, subject } = request;
      throw new UpstreamFailure({ kind: 'timeout', phase, method, subject });
    }
    const timeoutMs = Math.min(this.config.attemptTimeoutMs, remaining);
    const started = performance.now();
    const route = routeTemplate(request.path.split('?')[0] ?? '', this.basePath);
    let outcome = 'network';
    let detail = '';
    let upstreamId: string | undefined;
    try {
      const response = await dispatchWhole(this.pool, {
        method: request.method,
        path: request.path,
        headers: request.headers,
        body: request.body,
        timeoutMs,
        maxBytes: this.config.maxResponseBytes,
      });
      const status = response.status;
      outcome = String(status);
      const id = response.headers['elements-request-id'];
      upstreamId = upstreamRequestId(Array.isArray(id) ? id[0] : id, this.secrets);
      const result: RawResponse = { ...response, upstreamRequestId: upstreamId };
      if (status < 200 || status > 299) {
        throw statusFailure(result, request, this.secrets);
      }
      return result;
    } catch (error) {
      // A streamed body that failed on the caller's side (an upload over the limit) aborted the
      // call: that is the caller's error to report, not a failure of the upstream.
      if (error instanceof GatewayError) {
        outcome = 'aborted';
        throw error;
      }
      if (error instanceof UpstreamFailure) {
        throw error;
      }
      const failure = this.transportFailure(error, request);
      outcome = failure.details.kind;
      detail = failure.details.networkCode ? ` ${failure.details.networkCode}` : '';
      throw failure;
    } finally {
      const seconds = (performance.now() - started) / 1000;
      this.metrics.upstreamCalls.inc({ route, method: request.method, status: outcome });
      this.metrics.upstreamDuration.observe({ route, method: request.method }, seconds);
      // One line per exchange ties the gateway's request id to Cloud Elements' own, which is what
      // its support asks for; the route template only, never the query (filters hold caller data).
      const line = `${request.method} ${route} ${outcome}${detail} in ${(seconds * 1000).toFixed(1)} ms; request ${request.headers['x-request-id'] ?? '-'}, Elements-Request-Id ${upstreamId ?? '-'}`;
      if (outcome === 'network' || outcome === 'timeout' || Number(outcome) >= 500) {
        this.logger.warn(line);
      } else {
        this.logger.log(line);
      }
    }
  }

  private transportFailure(error: unknown, request: RawExchange): UpstreamFailure {
    const base = { phase: request.phase, method: request.method, subject: request.subject };
    const timedOut =
      error instanceof AttemptTimeoutError ||
      error instanceof undiciErrors.HeadersTimeoutError ||
      error instanceof undiciErrors.BodyTimeoutError ||
      error instanceof undiciErrors.ConnectTimeoutError;
    if (timedOut) {
      return new UpstreamFailure({ ...base, kind: 'timeout' }, error);
    }
    if (error instanceof ResponseTooLargeError) {
      return new UpstreamFailure({ ...base, kind: 'invalid-body' }, error);
    }
    const networkCode = errorCode(error);
    return new UpstreamFailure({ ...base, kind: 'network', networkCode }, error);
  }
}

/** A streamed upload is consumed by its first attempt; a buffer or JSON body can be sent again. */
function replayable(call: UpstreamCall): boolean {
  return !call.raw || Buffer.isBuffer(call.raw.body);
}

function isStatus(error: unknown, status: number): boolean {
  return (
    error instanceof UpstreamFailure &&
    error.details.kind === 'status' &&
    error.details.status === status
  );
}
