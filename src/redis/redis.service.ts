import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Redis } from 'ioredis';
import type { GatewayConfig, RedisConfig } from '../config/gateway-config.js';
import { MetricsService } from '../metrics/metrics.service.js';

const ERROR_LOG_INTERVAL_MS = 10_000;

/**
 * The gateway's one Redis connection. Commands fail fast instead of queueing (no offline queue,
 * a short command timeout, one retry at most), so a slow or dead Redis costs a request at most
 * `REDIS_COMMAND_TIMEOUT_MS`; the connection keeps retrying in the background and comes back by itself.
 */
@Injectable()
export class RedisService implements OnModuleDestroy {
  readonly client: Redis;
  private readonly logger = new Logger(RedisService.name);
  private lastErrorLog = 0;
  private errorCount = 0;

  constructor(
    @Inject(ConfigService) config: ConfigService<GatewayConfig, true>,
    @Inject(MetricsService) private readonly metrics: MetricsService,
  ) {
    const redis: RedisConfig = config.get('redis', { infer: true });
    this.client = new Redis(redis.url, {
      keyPrefix: redis.keyPrefix,
      commandTimeout: redis.commandTimeoutMs,
      connectTimeout: Math.max(1000, redis.commandTimeoutMs * 10),
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      enableAutoPipelining: true,
      retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
      reconnectOnError: () => false,
    });
    this.client.on('error', (error: Error) => this.onError(error));
    this.client.on('ready', () => this.logger.log('Redis connection ready'));
  }

  /** True while commands can be sent; false means "serve without the cache". */
  isReady(): boolean {
    return this.client.status === 'ready';
  }

  /** Counts a failed command (and logs now and then) so callers can just fall back. */
  noteFailure(error: unknown): void {
    this.onError(error instanceof Error ? error : new Error(String(error)));
  }

  get failures(): number {
    return this.errorCount;
  }

  async onModuleDestroy(): Promise<void> {
    if (this.isReady()) {
      await this.client.quit().catch(() => this.client.disconnect(false));
    } else {
      this.client.disconnect(false);
    }
  }

  private onError(error: Error): void {
    this.errorCount++;
    this.metrics.redisErrors.inc();
    const now = Date.now();
    if (now - this.lastErrorLog > ERROR_LOG_INTERVAL_MS) {
      this.lastErrorLog = now;
      this.logger.warn(`Redis unavailable, serving without it: ${error.message}`);
    }
  }
}
