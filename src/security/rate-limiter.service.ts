import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Redis } from 'ioredis';
import type { GatewayConfig } from '../config/gateway-config.js';
import type { RateLimitConfig } from '../config/security-config.js';
import { ErrorCode } from '../core/errors/error-code.js';
import { GatewayError } from '../core/errors/gateway.error.js';
import { MetricsService } from '../metrics/metrics.service.js';
import { RedisService } from '../redis/redis.service.js';
import { BudgetLeases } from './budget-leases.js';
import { GCRA_SCRIPT } from './gcra.script.js';
import { rateLimitHeaders, rateLimitPolicy, type BudgetState } from './rate-limit-headers.js';

export type BudgetScope = 'client' | 'tenant';

/** What a request was charged to and how much, kept on the request so a cache hit can be refunded. */
export interface RateLimitTicket {
  keys: string[];
  /** In requests: 1 for a full request, RATE_LIMIT_CACHE_HIT_COST for a hit answered up front. */
  charged: number;
}

/** A refused charge, before it is counted and answered (see `RateLimiter.refuse`). */
export interface RateLimitRefusal {
  /** The budget closest to running out. */
  scope: BudgetScope;
  /** Seconds until the refused cost fits. */
  retryAfterSeconds: number;
  headers: Record<string, string>;
}

type GcraResult = number[];
type GcraClient = Redis & {
  hgwGcra(...args: (string | number)[]): Promise<GcraResult>;
};

const SCOPES: BudgetScope[] = ['client', 'tenant'];
/*
 * Budget keys share the hash tag {rl}: the script charges a client's and a tenant's key at once, so
 * on Redis Cluster they must sit in one slot. With cross-slot keys ioredis would refuse the script
 * and, auto-pipelined, every command batched with it. Leases keep that one slot's load small.
 */
/**
 * At most this many requests are leased per round trip (see budget-leases.ts), and never more than a
 * sixteenth of what is left. Large enough that a busy client renews its lease a few dozen times a
 * second at most (with 64, one at 25,000 req/s went to Redis 390 times a second, and every request
 * that arrived while the renewal was in flight had to wait for it).
 */
const LEASE_MAX = 1024;
/** A lease's unused tokens go back to Redis after this long. */
const LEASE_LIFETIME_MS = 1000;
/** Lease keys remembered per client and tenant before the memo starts over (JWT subjects are many). */
const PAIRS_REMEMBERED = 10_000;
const SAFE_KEY_PART = /^[A-Za-z0-9_.:-]{1,64}$/;

/**
 * Per-client and per-tenant request budgets in Redis (GCRA, see gcra.script.ts), shared by every
 * gateway instance on the same Redis and key prefix. A cache hit costs RATE_LIMIT_CACHE_HIT_COST
 * and anything else a whole request, so cached reads stretch the budget: the fast lane charges
 * a hit's cost up front, and the guard charges the rest when the request goes on to Nest; a request
 * charged in full that was answered from the cache after all is refunded down to a hit's cost.
 * Without Redis it fails open.
 */
@Injectable()
export class RateLimiter implements OnModuleDestroy {
  private readonly settings: RateLimitConfig;
  private readonly client: GcraClient;
  private readonly leases = new BudgetLeases(LEASE_LIFETIME_MS);
  private readonly intervalsMs: number[];
  private readonly sweeper: NodeJS.Timeout;
  private readonly leasing = new Map<string, Promise<unknown>>();
  private readonly pairs = new Map<string, string>();
  private readonly policy: string;

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
    const windowMs = this.settings.windowSeconds * 1000;
    this.intervalsMs = [windowMs / this.settings.perClient, windowMs / this.settings.perTenant];
    this.policy = rateLimitPolicy(
      [this.settings.perClient, this.settings.perTenant].map((limit) => ({
        limit,
        windowSeconds: this.settings.windowSeconds,
      })),
    );
    this.sweeper = setInterval(() => this.giveBackExpired(), LEASE_LIFETIME_MS).unref();
  }

  get enabled(): boolean {
    return this.settings.enabled;
  }

  /**
   * Charges `cost` (a whole request, or a cache hit's share of one) to the caller's and tenant's
   * budgets. Sets the RateLimit headers on the reply and throws 429 RATE_LIMITED when refused; a
   * refused request is charged nothing. Does nothing when limits are off or Redis is unavailable.
   */
  async charge(request: FastifyRequest, reply: FastifyReply, cost: number): Promise<void> {
    const refusal = await this.tryCharge(request, reply, cost);
    if (refusal) {
      throw this.refuse(refusal);
    }
  }

  /**
   * As `charge`, but a refusal is returned instead of thrown (and not yet counted): the fast lane
   * decides with it whether the request was refused, see `refuse`.
   */
  async tryCharge(
    request: FastifyRequest,
    reply: FastifyReply,
    cost: number,
  ): Promise<RateLimitRefusal | undefined> {
    if (!this.settings.enabled || cost <= 0 || !request.caller || !request.tenant) {
      return undefined;
    }
    const ticket: RateLimitTicket = {
      keys: budgetKeys(request.caller.id, request.tenant),
      charged: (request.rateLimit?.charged ?? 0) + cost,
    };
    const pair = this.pairOf(request.caller.id, request.tenant);
    const fromLease = await this.fromLease(pair, cost);
    if (fromLease) {
      void reply.headers(rateLimitHeaders(fromLease));
      request.rateLimit = ticket;
      return undefined;
    }
    // One lease request per pair at a time: concurrent requests are charged one by one meanwhile,
    // so a burst on a cold pair cannot take a lease each and drain the budget into leases.
    const leasing = !this.leasing.has(pair);
    const call = this.run(ticket.keys, cost, leasing ? LEASE_MAX : 0).then((result) => {
      if (!result) {
        return undefined;
      }
      const budgets = this.budgets(result);
      return result[0] === 1
        ? {
            granted: this.leases.grant(pair, result[2] ?? 0, budgets, this.intervalsMs, Date.now()),
          }
        : { budgets, retryAfterMs: result[1] ?? 0 };
    });
    if (leasing) {
      this.leasing.set(
        pair,
        call.finally(() => this.leasing.delete(pair)),
      );
    }
    const outcome = await call;
    if (!outcome) {
      this.metrics.rateLimitFailOpen.inc();
      return undefined;
    }
    if (outcome.granted) {
      void reply.headers(rateLimitHeaders(outcome.granted));
      request.rateLimit = ticket;
      return undefined;
    }
    const budgets = outcome.budgets;
    const headers = rateLimitHeaders(budgets);
    void reply.headers(headers);
    const tightest = budgets.reduce((a, b) => (b.remaining < a.remaining ? b : a));
    return {
      scope: SCOPES[budgets.indexOf(tightest)] ?? 'client',
      retryAfterSeconds: Math.max(1, Math.ceil(outcome.retryAfterMs / 1000)),
      headers,
    };
  }

  /**
   * Charges a cache hit's cost from this instance's lease, without waiting: the RateLimit headers
   * to send (none when limits are off or a hit is free), or undefined when no live lease covers it
   * (then nothing was charged, and the request goes the usual way, which may ask Redis).
   */
  chargeHitFromLease(callerId: string, tenant: string): Record<string, string> | undefined {
    const cost = this.settings.cacheHitCost;
    if (!this.settings.enabled || cost <= 0) {
      return NO_HEADERS;
    }
    const leased = this.leases.take(this.pairOf(callerId, tenant), cost, Date.now());
    return leased ? rateLimitHeaders(leased, this.policy) : undefined;
  }

  /** The lease key of a client and tenant, remembered (a hit is charged thousands of times a second). */
  private pairOf(callerId: string, tenant: string): string {
    const memo = `${callerId}\n${tenant}`;
    let pair = this.pairs.get(memo);
    if (pair === undefined) {
      if (this.pairs.size >= PAIRS_REMEMBERED) {
        this.pairs.clear();
      }
      pair = budgetKeys(callerId, tenant).join('|');
      this.pairs.set(memo, pair);
    }
    return pair;
  }

  /** Counts a refusal and makes it the 429 RATE_LIMITED to answer. */
  refuse(refusal: RateLimitRefusal): GatewayError {
    this.metrics.rateLimited.inc({ scope: refusal.scope });
    return new GatewayError(
      ErrorCode.RateLimited,
      `This ${refusal.scope} has used up its request budget for now`,
      { retryAfterSeconds: refusal.retryAfterSeconds, headers: refusal.headers },
    );
  }

  /** Spends from this instance's lease, after waiting for a lease request in flight for the pair. */
  private async fromLease(pair: string, cost: number): Promise<BudgetState[] | undefined> {
    const leased = this.leases.take(pair, cost, Date.now());
    if (leased) {
      return leased;
    }
    const pending = this.leasing.get(pair);
    if (!pending) {
      return undefined;
    }
    await pending;
    return this.leases.take(pair, cost, Date.now());
  }

  /** Refunds a request answered from the cache down to a hit's cost; the headers to send instead. */
  async refundCacheHit(ticket: RateLimitTicket): Promise<Record<string, string> | undefined> {
    return this.giveBack(ticket.keys, ticket.charged - this.settings.cacheHitCost);
  }

  /**
   * Charges what is left of a whole request after what the fast lane charged already (if any). When
   * the rest is refused, what was charged already is given back: a refused request is charged to
   * neither budget, and its Retry-After is then the time until a whole request fits.
   */
  async chargeRest(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const before = request.rateLimit;
    const refusal = await this.tryCharge(request, reply, 1 - (before?.charged ?? 0));
    if (!refusal) {
      return;
    }
    if (before && before.charged > 0) {
      request.rateLimit = undefined;
      const headers = await this.giveBack(before.keys, before.charged);
      if (headers) {
        void reply.headers(headers);
        refusal.headers = headers;
      }
    }
    throw this.refuse(refusal);
  }

  /** Gives `amount` back to a pair's budgets (to its lease when live); the headers to send then. */
  private async giveBack(
    keys: string[],
    amount: number,
  ): Promise<Record<string, string> | undefined> {
    if (amount <= 0) {
      return undefined;
    }
    const leased = this.leases.giveBack(keys.join('|'), amount, Date.now());
    if (leased) {
      return rateLimitHeaders(leased);
    }
    const result = await this.run(keys, -amount, 0);
    return result ? rateLimitHeaders(this.budgets(result)) : undefined;
  }

  /** What a cache hit costs (RATE_LIMIT_CACHE_HIT_COST). */
  get cacheHitCost(): number {
    return this.settings.cacheHitCost;
  }

  onModuleDestroy(): void {
    clearInterval(this.sweeper);
    this.giveBackExpired(true);
  }

  /** Unused leased tokens go back to Redis once their lease is over (best effort). */
  private giveBackExpired(all = false): void {
    for (const { pair, tokens } of this.leases.expire(Date.now(), all)) {
      void this.run(pair.split('|'), -tokens, 0);
    }
  }

  private run(keys: string[], cost: number, leaseMax: number): Promise<GcraResult | undefined> {
    return this.redis.attempt(() =>
      this.client.hgwGcra(
        ...keys,
        this.settings.windowSeconds * 1000,
        cost,
        leaseMax,
        this.settings.perClient,
        this.settings.perTenant,
      ),
    );
  }

  private budgets(result: GcraResult): BudgetState[] {
    return [this.settings.perClient, this.settings.perTenant].map((limit, i) => ({
      limit,
      windowSeconds: this.settings.windowSeconds,
      remaining: Math.max(0, result[3 + i * 2] ?? 0),
      msUntilFull: Math.max(0, result[4 + i * 2] ?? 0),
    }));
  }
}

const NO_HEADERS: Record<string, string> = Object.freeze({});

/** The client's and the tenant's budget keys, in the order the script takes them. */
function budgetKeys(callerId: string, tenant: string): string[] {
  return [`rl:{rl}:c:${keyPart(callerId)}`, `rl:{rl}:t:${keyPart(tenant)}`];
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
