import { Inject, Injectable } from '@nestjs/common';
import { generationKey } from '../cache/cache-keys.js';
import { CacheScopes } from '../cache/cache-scopes.js';
import { RedisService } from '../redis/redis.service.js';
import { LinkCache } from './link-cache.js';

/**
 * Keeps each instance's link cache honest across instances. A deleted account or contact (through
 * any instance, or reported by Cloud Elements) bumps the tenant's `links` generation in Redis.
 * Before links are resolved the generation is read (one GET, shared by the tenant's concurrent
 * resolutions); when it changed, the tenant's learnt links are dropped. Reading it every time,
 * not now and then, matters: an answer rendered with old links after the bump would be cached
 * under the new generation and served until it expires.
 */
@Injectable()
export class LinkEpochs {
  private readonly generations = new Map<string, string | null>();
  private readonly checks = new Map<string, Promise<void>>();

  constructor(
    @Inject(RedisService) private readonly redis: RedisService,
    @Inject(LinkCache) private readonly cache: LinkCache,
  ) {}

  /** Resolves once the tenant's link entries are known to be current (or Redis cannot say). */
  current(tenant: string): Promise<void> {
    let check = this.checks.get(tenant);
    if (!check) {
      check = this.check(tenant).finally(() => this.checks.delete(tenant));
      this.checks.set(tenant, check);
    }
    return check;
  }

  private async check(tenant: string): Promise<void> {
    const generation = await this.redis.attempt((client) =>
      client.get(generationKey(tenant, CacheScopes.links)),
    );
    if (generation === undefined) {
      return; // Redis unavailable: keep what is known (this instance forgets its own deletes).
    }
    const known = this.generations.get(tenant);
    if (known !== undefined && known !== generation) {
      this.cache.clearTenant(tenant);
    }
    this.generations.set(tenant, generation);
  }
}
