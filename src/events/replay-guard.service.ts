import { Inject, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { GatewayConfig } from '../config/gateway-config.js';
import { RedisService } from '../redis/redis.service.js';
import { webhookSeenKey } from './event-keys.js';

const MAX_LOCAL = 100_000;

/**
 * Remembers notification ids (`Elements-Webhook-Id`) for a while, so a redelivered or replayed
 * notification is recognised: SET NX in Redis, shared by every instance; while Redis is down, a
 * bounded in-process memory, which is also checked first so ids seen during an outage still count.
 */
@Injectable()
export class ReplayGuard {
  private readonly ttlSeconds: number;
  /** key → expiry (epoch ms), in insertion order for eviction. */
  private readonly local = new Map<string, number>();

  constructor(
    @Inject(RedisService) private readonly redis: RedisService,
    @Inject(ConfigService) config: ConfigService<GatewayConfig, true>,
  ) {
    this.ttlSeconds = config.get('events', { infer: true }).replayTtlSeconds;
  }

  /** True the first time an id is seen within the window, false for a replay. */
  async claim(tenant: string, webhookId: string): Promise<boolean> {
    const key = webhookSeenKey(tenant, webhookId);
    const now = Date.now();
    const expiry = this.local.get(key);
    if (expiry !== undefined && expiry > now) {
      return false;
    }
    const stored = await this.redis.attempt((client) =>
      client.set(key, '1', 'EX', this.ttlSeconds, 'NX'),
    );
    this.remember(key, now + this.ttlSeconds * 1000);
    // undefined: Redis is not available, and the id was not seen here either.
    return stored !== null;
  }

  private remember(key: string, expiresAt: number): void {
    this.local.delete(key);
    this.local.set(key, expiresAt);
    if (this.local.size > MAX_LOCAL) {
      const oldest = this.local.keys().next();
      if (!oldest.done) {
        this.local.delete(oldest.value);
      }
    }
  }
}
