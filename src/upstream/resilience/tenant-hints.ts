import { RedisService } from '../../redis/redis.service.js';

/** What one instance learnt about a tenant's upstream that the others should respect. */
export interface TenantHint {
  /** The upstream said 429: no calls until then (epoch ms). */
  pausedUntil: number;
  /** A circuit opened: calls fail fast until then (epoch ms). */
  openUntil: number;
}

const NONE: TenantHint = { pausedUntil: 0, openUntil: 0 };
/** Each instance looks at the shared hints at most this often per tenant. */
const REFRESH_MS = 1000;

/** Breaker and 429 hints shared through Redis, read at most once a second per tenant. */
export class TenantHints {
  private readonly cache = new Map<string, { hint: TenantHint; readAt: number }>();

  constructor(private readonly redis: RedisService) {}

  async get(tenant: string): Promise<TenantHint> {
    const cached = this.cache.get(tenant);
    const now = Date.now();
    if (cached && now - cached.readAt < REFRESH_MS) {
      return cached.hint;
    }
    const hint = (await this.read(tenant)) ?? cached?.hint ?? NONE;
    this.cache.set(tenant, { hint, readAt: now });
    return hint;
  }

  /** The last hint read or published, however old (its times are absolute); never reads Redis. */
  peek(tenant: string): TenantHint {
    return this.cache.get(tenant)?.hint ?? NONE;
  }

  async publish(tenant: string, change: Partial<TenantHint>): Promise<void> {
    const current = this.cache.get(tenant)?.hint ?? NONE;
    const hint = {
      pausedUntil: Math.max(current.pausedUntil, change.pausedUntil ?? 0),
      openUntil: Math.max(current.openUntil, change.openUntil ?? 0),
    };
    this.cache.set(tenant, { hint, readAt: Date.now() });
    const ttl = Math.max(hint.pausedUntil, hint.openUntil) - Date.now();
    if (ttl > 0) {
      await this.redis.attempt((client) =>
        client.set(key(tenant), JSON.stringify(hint), 'PX', ttl),
      );
    }
  }

  private async read(tenant: string): Promise<TenantHint | undefined> {
    const value = await this.redis.attempt((client) => client.get(key(tenant)));
    if (value === undefined) {
      return undefined;
    }
    return value ? { ...NONE, ...(JSON.parse(value) as Partial<TenantHint>) } : NONE;
  }
}

function key(tenant: string): string {
  return `h:{${tenant}}`;
}
