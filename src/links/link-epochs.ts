import { Inject, Injectable } from '@nestjs/common';
import { generationKey } from '../cache/cache-keys.js';
import { CacheScopes } from '../cache/cache-scopes.js';
import { ResponseCache } from '../cache/response-cache.service.js';
import { RedisService } from '../redis/redis.service.js';
import { LinkCache } from './link-cache.js';

/** How long a seen `links` generation is trusted before it is read from Redis again. */
const TRUST_MS = 1000;

interface Epoch {
  generation: number;
  seenAt: number;
}

/**
 * Keeps each instance's link cache honest across instances. A deleted account or contact (through
 * any instance, or reported by Cloud Elements) bumps the tenant's `links` generation in Redis;
 * when an instance sees it change it drops the tenant's learnt links.
 *
 * Cached reads of incidents and contacts depend on that scope, so the response cache's read of
 * their generations (the same round trip as the entry) reports it here for free, just before any
 * links are resolved for that read: an answer is never rendered with links older than the
 * generation it is stored under. Other resolutions (cache off, writes, filters) read it from
 * Redis when the last sighting is older than TRUST_MS.
 */
@Injectable()
export class LinkEpochs {
  private readonly epochs = new Map<string, Epoch>();
  private readonly reads = new Map<string, Promise<void>>();

  constructor(
    @Inject(RedisService) private readonly redis: RedisService,
    @Inject(LinkCache) private readonly cache: LinkCache,
    @Inject(ResponseCache) responseCache: ResponseCache,
  ) {
    responseCache.observe(CacheScopes.links, (tenant, generation) => this.seen(tenant, generation));
  }

  /** Resolves once the tenant's link entries are known to be current (or Redis cannot say). */
  current(tenant: string): Promise<void> | undefined {
    const epoch = this.epochs.get(tenant);
    if (epoch && Date.now() - epoch.seenAt < TRUST_MS) {
      return undefined;
    }
    let read = this.reads.get(tenant);
    if (!read) {
      read = this.read(tenant).finally(() => this.reads.delete(tenant));
      this.reads.set(tenant, read);
    }
    return read;
  }

  private async read(tenant: string): Promise<void> {
    const value = await this.redis.attempt((client) =>
      client.get(generationKey(tenant, CacheScopes.links)),
    );
    if (value !== undefined) {
      this.seen(tenant, Number(value ?? 0));
    }
    // Redis unavailable: keep what is known (this instance forgets its own deletes) and ask again.
  }

  private seen(tenant: string, generation: number): void {
    const epoch = this.epochs.get(tenant);
    // Any difference counts, a lower one too: a Redis that lost its data starts again from 0.
    // (A read answered late on another connection may report an older value: one clear more.)
    if (!epoch) {
      this.epochs.set(tenant, { generation, seenAt: Date.now() });
      return;
    }
    if (epoch.generation !== generation) {
      this.cache.clearTenant(tenant);
      epoch.generation = generation;
    }
    // Every cached read of an incident or contact passes here: no allocation on the usual path.
    epoch.seenAt = Date.now();
  }
}
