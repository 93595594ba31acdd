import { Inject, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { GatewayConfig } from '../config/gateway-config.js';
import type { RateLimitConfig } from '../config/security-config.js';
import { MetricsService } from '../metrics/metrics.service.js';
import { RedisService } from '../redis/redis.service.js';
import { GCRA_SCRIPT } from './gcra.script.js';
import { rateLimitHeaders, type BudgetState } from './rate-limit-headers.js';

export type BudgetScope = 'client' | 'tenant';

/** What a request was charged to, kept on the request so a cache hit can be partly refunded. */
export interface RateLimitTicket {
  keys: string[];
  limits: number[];
}

export interface RateLimitOutcome {
  admitted: boolean;
  headers: Record<string, string>;
  /** Set when refused: which budget ran out and when one request fits again. */
  exceeded?: BudgetScope;
  retryAfterSeconds?: number;
  ticket: RateLimitTicket;
}

type GcraResult = number[];
type GcraClient = Redis & {
  hgwGcra(...args: (string | number)[]): Promise<GcraResult>;
};

const SCOPES: BudgetScope[] = ['client', 'tenant'];
const SAFE_KEY_PART = /^[A-Za-z0-9_.:-]{1,64}$/;

/**
 * Per-client and per-tenant request budgets in Redis (GCRA, see gcra.script.ts), shared by every
 * gateway instance on the same Redis and key prefix. A request is charged in full when admitted;
 * once answered from the cache it is refunded down to RATE_LIMIT_CACHE_HIT_COST, so cached reads
 * stretch the budget while bursts are still bounded up front. Without Redis it fails open.
 */
@Injectable()
export class RateLimiter {
  private readonly settings: RateLimitConfig;
  private readonly client: GcraClient;

  constructor(
    @Inject(ConfigService) config: ConfigService<GatewayConfig, true>,
    @Inject(RedisService) private readonly redis: RedisService,
    @Inject(MetricsService) private readonly metrics: MetricsService,
  ) {
    this.settings = config.get('security', { infer: true }).rateLimit;
    this.client = redis.client as GcraClient;
    if (typeof this.client.hgwGcra !== 'function') {
      this.client.defineCommand('hgwGcra', { lua: GCRA_SCRIPT, numberOfKeys: 2 });
    }
  }

  get enabled(): boolean {
    return this.settings.enabled;
  }

  /** Charges one request to the client's and the tenant's budgets; undefined when not limited. */
  async admit(clientId: string, tenant: string): Promise<RateLimitOutcome | undefined> {
    if (!this.settings.enabled) {
      return undefined;
    }
    const ticket: RateLimitTicket = {
      keys: [`rl:c:${keyPart(clientId)}`, `rl:t:${keyPart(tenant)}`],
      limits: [this.settings.perClient, this.settings.perTenant],
    };
    const result = await this.run(ticket, 1);
    if (!result) {
      this.metrics.rateLimitFailOpen.inc();
      return undefined;
    }
    const budgets = this.budgets(ticket, result);
    const admitted = result[0] === 1;
    const outcome: RateLimitOutcome = { admitted, headers: rateLimitHeaders(budgets), ticket };
    if (!admitted) {
      const tightest = budgets.reduce((a, b) => (b.remaining < a.remaining ? b : a));
      outcome.exceeded = SCOPES[budgets.indexOf(tightest)];
      outcome.retryAfterSeconds = Math.max(1, Math.ceil((result[1] ?? 0) / 1000));
      this.metrics.rateLimited.inc({ scope: outcome.exceeded });
    }
    return outcome;
  }

  /** Refunds a cache hit down to its cost; the headers to send instead, if it worked. */
  async refundCacheHit(ticket: RateLimitTicket): Promise<Record<string, string> | undefined> {
    const refund = 1 - this.settings.cacheHitCost;
    if (refund <= 0) {
      return undefined;
    }
    const result = await this.run(ticket, -refund);
    return result ? rateLimitHeaders(this.budgets(ticket, result)) : undefined;
  }

  private async run(ticket: RateLimitTicket, cost: number): Promise<GcraResult | undefined> {
    if (!this.redis.isReady()) {
      return undefined;
    }
    try {
      return await this.client.hgwGcra(
        ...ticket.keys,
        this.settings.windowSeconds * 1000,
        cost,
        ...ticket.limits,
      );
    } catch (error) {
      this.redis.noteFailure(error);
      return undefined;
    }
  }

  private budgets(ticket: RateLimitTicket, result: GcraResult): BudgetState[] {
    return ticket.limits.map((limit, i) => ({
      limit,
      windowSeconds: this.settings.windowSeconds,
      remaining: Math.max(0, result[2 + i * 2] ?? 0),
      msUntilFull: Math.max(0, result[3 + i * 2] ?? 0),
    }));
  }
}

/** Readable ids as they are; anything else (a JWT subject) hashed to a fixed, safe length. */
function keyPart(id: string): string {
  return SAFE_KEY_PART.test(id)
    ? id
    : `h:${createHash('sha256').update(id).digest('base64url').slice(0, 22)}`;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set once the request was charged to its rate limits. */
    rateLimit?: RateLimitTicket;
  }
}
