import { Inject, Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import {
  BrokenCircuitError,
  BulkheadRejectedError,
  CircuitState,
  bulkhead,
  circuitBreaker,
  handleWhen,
  type BulkheadPolicy,
  type CircuitBreakerPolicy,
} from 'cockatiel';
import type { GatewayConfig, ResilienceConfig } from '../../config/gateway-config.js';
import { ErrorCode } from '../../core/errors/error-code.js';
import { GatewayError } from '../../core/errors/gateway.error.js';
import { MetricsService } from '../../metrics/metrics.service.js';
import { RedisService } from '../../redis/redis.service.js';
import { UpstreamFailure } from '../upstream-failure.js';
import { CompositeBreaker } from './composite-breaker.js';
import { TenantHints, type TenantHint } from './tenant-hints.js';

interface TenantCircuit {
  breaker: CircuitBreakerPolicy;
  bulkhead: BulkheadPolicy;
  openUntil: number;
  pausedUntil: number;
}

const STATE_VALUE: Record<CircuitState, number> = {
  [CircuitState.Closed]: 0,
  [CircuitState.HalfOpen]: 1,
  [CircuitState.Open]: 2,
  [CircuitState.Isolated]: 3,
};

/** Failures that say the upstream is unwell (5xx, timeouts, network); 4xx say nothing about it. */
export function isUpstreamFault(error: Error): boolean {
  if (!(error instanceof UpstreamFailure)) {
    return false;
  }
  const { kind, status = 0 } = error.details;
  return kind === 'timeout' || kind === 'network' || (kind === 'status' && status >= 500);
}

/**
 * Per-tenant protection of the upstream: a circuit breaker around each request, a bulkhead around
 * each attempt, and a pause after a 429. A failing tenant fails fast; the others are untouched.
 * Open circuits and pauses are shared with the other instances through Redis hints.
 */
@Injectable()
export class TenantCircuits {
  private readonly logger = new Logger(TenantCircuits.name);
  private readonly config: ResilienceConfig;
  private readonly circuits = new Map<string, TenantCircuit>();
  private readonly hints: TenantHints;

  constructor(
    @Inject(ConfigService) config: ConfigService<GatewayConfig, true>,
    @Inject(MetricsService) private readonly metrics: MetricsService,
    @Inject(RedisService) redis: RedisService,
  ) {
    this.config = config.get('resilience', { infer: true });
    this.hints = new TenantHints(redis);
  }

  /** Runs one whole request (its retries included) under the tenant's breaker and pause. */
  async guard<T>(tenant: string, request: () => Promise<T>): Promise<T> {
    const circuit = this.circuit(tenant);
    const refusal = this.refusal(tenant, circuit, await this.hints.get(tenant));
    if (refusal) {
      throw refusal;
    }
    try {
      return await circuit.breaker.execute(request);
    } catch (error) {
      if (error instanceof BrokenCircuitError) {
        throw this.openCircuit(tenant, circuit.openUntil);
      }
      throw error;
    }
  }

  /**
   * The answer `guard` would give this tenant's next request without calling upstream (a pause,
   * an open circuit here or elsewhere), from what this instance knows now: no Redis read, so it
   * can answer before the framework. undefined: let the request go on to `guard`.
   */
  refusalNow(tenant: string): GatewayError | undefined {
    const circuit = this.circuits.get(tenant);
    const hint = this.hints.peek(tenant);
    if (circuit?.breaker.state === CircuitState.Open && circuit.openUntil > Date.now()) {
      return this.openCircuit(tenant, circuit.openUntil);
    }
    return this.refusal(tenant, circuit, hint);
  }

  /** A pause, or a circuit opened by another instance while this one's is closed. */
  private refusal(
    tenant: string,
    circuit: TenantCircuit | undefined,
    hint: TenantHint,
  ): GatewayError | undefined {
    const now = Date.now();
    const pausedUntil = Math.max(circuit?.pausedUntil ?? 0, hint.pausedUntil);
    if (pausedUntil > now) {
      this.metrics.upstreamRejected.inc({ tenant, reason: 'paused' });
      return new GatewayError(
        ErrorCode.UpstreamRateLimited,
        'The helpdesk asked the gateway to slow down',
        { retryAfterSeconds: Math.ceil((pausedUntil - now) / 1000), expected: true },
      );
    }
    const closed = !circuit || circuit.breaker.state === CircuitState.Closed;
    if (hint.openUntil > now && closed) {
      return this.openCircuit(tenant, hint.openUntil);
    }
    return undefined;
  }

  /** Runs one attempt inside the tenant's bulkhead, giving up when the deadline passes first. */
  async limit<T>(tenant: string, deadlineAt: number, attempt: () => Promise<T>): Promise<T> {
    const circuit = this.circuit(tenant);
    const remaining = deadlineAt - Date.now();
    // cockatiel's bulkhead keeps a queued call until a slot frees, whatever happens to its caller
    // meanwhile: one still queued at the deadline is answered by the race below, and when its turn
    // comes the exchange finds no time left and sends nothing. (No AbortSignal per waiting call:
    // each held a timer and a finalizer for seconds and was promoted to the old generation.)
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new UpstreamFailure({ kind: 'timeout', phase: 'hub', method: 'queue' })),
        Math.max(0, remaining),
      );
    });
    try {
      return await Promise.race([circuit.bulkhead.execute(attempt), deadline]);
    } catch (error) {
      if (error instanceof BulkheadRejectedError) {
        this.metrics.upstreamRejected.inc({ tenant, reason: 'bulkhead' });
        throw new GatewayError(
          ErrorCode.UpstreamUnavailable,
          'Too many requests to the helpdesk for this tenant',
          {
            retryAfterSeconds: 1,
          },
        );
      }
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  /** The upstream answered 429: hold this tenant's calls for the Retry-After (here and elsewhere). */
  pause(tenant: string, retryAfterSeconds: number | undefined): void {
    const pausedUntil =
      Date.now() + (retryAfterSeconds ?? this.config.rateLimitPauseSeconds) * 1000;
    const circuit = this.circuit(tenant);
    circuit.pausedUntil = Math.max(circuit.pausedUntil, pausedUntil);
    void this.hints.publish(tenant, { pausedUntil });
  }

  state(tenant: string): CircuitState {
    return this.circuit(tenant).breaker.state;
  }

  private openCircuit(tenant: string, openUntil: number): GatewayError {
    this.metrics.upstreamRejected.inc({ tenant, reason: 'circuit_open' });
    return new GatewayError(
      ErrorCode.UpstreamUnavailable,
      'The helpdesk is failing for this tenant; calls are paused',
      {
        retryAfterSeconds: Math.max(1, Math.ceil((openUntil - Date.now()) / 1000)),
        expected: true,
      },
    );
  }

  private circuit(tenant: string): TenantCircuit {
    let circuit = this.circuits.get(tenant);
    if (!circuit) {
      circuit = this.create(tenant);
      this.circuits.set(tenant, circuit);
    }
    return circuit;
  }

  private create(tenant: string): TenantCircuit {
    const breaker = circuitBreaker(handleWhen(isUpstreamFault), {
      halfOpenAfter: this.config.breakerHalfOpenAfterMs,
      breaker: new CompositeBreaker({
        consecutive: this.config.breakerConsecutiveFailures,
        ratio: this.config.breakerFailureRatio,
        window: this.config.breakerWindowSize,
      }),
    });
    const circuit: TenantCircuit = {
      breaker,
      bulkhead: bulkhead(this.config.tenantConcurrency, this.config.tenantQueue),
      openUntil: 0,
      pausedUntil: 0,
    };
    this.metrics.circuitState.set({ tenant }, 0);
    breaker.onStateChange((state) => {
      this.metrics.circuitState.set({ tenant }, STATE_VALUE[state]);
      this.metrics.circuitTransitions.inc({ tenant, to: CircuitState[state].toLowerCase() });
      if (state === CircuitState.Open) {
        circuit.openUntil = Date.now() + this.config.breakerHalfOpenAfterMs;
        this.logger.warn(
          `Circuit for tenant ${tenant} opened: failing fast for ${this.config.breakerHalfOpenAfterMs} ms`,
        );
        void this.hints.publish(tenant, { openUntil: circuit.openUntil });
      } else if (state === CircuitState.Closed) {
        this.logger.log(`Circuit for tenant ${tenant} closed again`);
      }
    });
    return circuit;
  }
}
