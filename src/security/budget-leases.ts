import type { BudgetState } from './rate-limit-headers.js';

/** Budget already charged in Redis and held by this instance for one client-and-tenant pair. */
interface Lease {
  tokens: number;
  /** The budgets as Redis reported them when the lease was granted (with the lease spent). */
  budgets: BudgetState[];
  intervalsMs: number[];
  grantedAt: number;
}

/** A lease whose time is up, with the tokens to give back to Redis. */
export interface ExpiredLease {
  pair: string;
  tokens: number;
}

/**
 * Rate limit budget leased from Redis in small batches, so most requests are charged without a
 * round trip. Leased tokens are charged in Redis before they are handed out, so instances together
 * never admit more than the budget; an instance holding a lease only makes the others see a
 * little less (a lease is at most a sixteenth of what remains, see gcra.script.ts, and lives
 * `lifetimeMs`, after which its unused tokens are given back).
 */
export class BudgetLeases {
  private readonly leases = new Map<string, Lease>();

  constructor(
    private readonly lifetimeMs: number,
    private readonly maxPairs = 10_000,
  ) {}

  /** Spends `cost` from a live lease; the budgets to report, or undefined when it cannot. */
  take(pair: string, cost: number, now: number): BudgetState[] | undefined {
    const lease = this.live(pair, now);
    if (!lease || lease.tokens < cost) {
      return undefined;
    }
    lease.tokens -= cost;
    return view(lease, now);
  }

  /** Gives `amount` back to a live lease (a refunded cache hit); the budgets to report, if it could. */
  giveBack(pair: string, amount: number, now: number): BudgetState[] | undefined {
    const lease = this.live(pair, now);
    if (!lease) {
      return undefined;
    }
    lease.tokens += amount;
    return view(lease, now);
  }

  /**
   * Records a grant from Redis; tokens left in the pair's previous lease (too few for a request)
   * are kept with it. Returns the budgets to report for the request that asked.
   */
  grant(
    pair: string,
    tokens: number,
    budgets: BudgetState[],
    intervalsMs: number[],
    now: number,
  ): BudgetState[] {
    // Tokens of the previous lease are already charged in Redis: they stay leased.
    const leftover = this.leases.get(pair)?.tokens ?? 0;
    const total = tokens + leftover;
    if (total <= 0) {
      this.leases.delete(pair);
      return budgets;
    }
    if (!this.leases.has(pair) && this.leases.size >= this.maxPairs) {
      // Refusing to hold more leases only costs round trips, never correctness.
      return budgets;
    }
    const lease = { tokens: total, budgets, intervalsMs, grantedAt: now };
    this.leases.set(pair, lease);
    return view(lease, now);
  }

  /** Removes the leases whose time is up (all of them with `all`), with their unused tokens. */
  expire(now: number, all = false): ExpiredLease[] {
    const expired: ExpiredLease[] = [];
    for (const [pair, lease] of this.leases) {
      if (all || now - lease.grantedAt >= this.lifetimeMs) {
        this.leases.delete(pair);
        if (lease.tokens > 0) {
          expired.push({ pair, tokens: lease.tokens });
        }
      }
    }
    return expired;
  }

  private live(pair: string, now: number): Lease | undefined {
    const lease = this.leases.get(pair);
    return lease && now - lease.grantedAt < this.lifetimeMs ? lease : undefined;
  }
}

/** The budgets as the caller sees them now: unused leased tokens still count as remaining. */
function view(lease: Lease, now: number): BudgetState[] {
  const elapsed = now - lease.grantedAt;
  return lease.budgets.map((budget, i) => ({
    ...budget,
    remaining: Math.floor(budget.remaining + lease.tokens + 1e-9),
    msUntilFull: Math.max(
      0,
      budget.msUntilFull - elapsed - lease.tokens * (lease.intervalsMs[i] ?? 0),
    ),
  }));
}
