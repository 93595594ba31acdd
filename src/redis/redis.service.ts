import {
  Inject,
  Injectable,
  Logger,
  type OnModuleDestroy,
  type OnModuleInit,
} from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Redis } from 'ioredis';
import type { GatewayConfig, RedisConfig } from '../config/gateway-config.js';
import { MetricsService } from '../metrics/metrics.service.js';
import { CommandTimeoutError, withinTimeout } from './command-timeout.js';
import { closeConnection, createRedisClient } from './create-redis-client.js';
import { redisOptions } from './redis-options.js';
import { STALL_PROBE_MS, STALL_TIMEOUTS, StallDetector } from './stall-detector.js';

const ERROR_LOG_INTERVAL_MS = 10_000;

/**
 * The gateway's one Redis connection. Commands fail fast instead of queueing (no offline queue,
 * a short command timeout, one retry at most): a dead Redis fails each command at once, a slow one
 * after at most `REDIS_COMMAND_TIMEOUT_MS` per command, and one that has stopped answering while
 * still connected is skipped at once after a few timeouts in a row (see StallDetector). The
 * connection keeps retrying in the background and comes back by itself.
 */
@Injectable()
export class RedisService implements OnModuleInit, OnModuleDestroy {
  readonly client: Redis;
  private readonly logger = new Logger(RedisService.name);
  private lastErrorLog = 0;
  private errorCount = 0;
  private readonly connectTimeoutMs: number;
  private readonly commandTimeoutMs: number;
  private readonly stall = new StallDetector();
  private probeTimer?: NodeJS.Timeout;
  private probing = false;
  private closing = false;

  constructor(
    @Inject(ConfigService) config: ConfigService<GatewayConfig, true>,
    @Inject(MetricsService) private readonly metrics: MetricsService,
  ) {
    const redis: RedisConfig = config.get('redis', { infer: true });
    const options = redisOptions(redis);
    this.connectTimeoutMs = options.connectTimeout ?? 1000;
    this.commandTimeoutMs = redis.commandTimeoutMs;
    this.client = createRedisClient(redis);
    this.client.on('error', (error: Error) => this.onError(error));
    this.client.on('ready', () => {
      this.recovered();
      this.logger.log('Redis connection ready');
    });
  }

  /**
   * Start-up waits briefly for the first connection, so a healthy Redis is in use from the first
   * request; a missing one only delays start-up by the connect timeout, then the gateway serves without it.
   */
  async onModuleInit(): Promise<void> {
    if (this.isReady()) {
      return;
    }
    await new Promise<void>((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.client.off('ready', done);
        resolve();
      };
      const timer = setTimeout(done, this.connectTimeoutMs);
      this.client.once('ready', done);
    });
    if (!this.isReady()) {
      this.logger.warn(
        'Redis is not reachable: starting without it (uncached); it will be used once it answers',
      );
    }
  }

  /**
   * True while commands can be sent; false means "serve without the cache". Connected but not
   * answering counts as not ready, until a probe gets an answer.
   */
  isReady(): boolean {
    return this.client.status === 'ready' && !this.stall.stalled;
  }

  /** The connection's state for health reports: ioredis's, or `unresponsive` while stalled. */
  get state(): string {
    return this.client.status === 'ready' && this.stall.stalled
      ? 'unresponsive'
      : this.client.status;
  }

  /**
   * Runs a command when Redis is ready. A failure or timeout (REDIS_COMMAND_TIMEOUT_MS) is counted
   * and becomes `undefined`, so callers fall back (serve uncached, use an in-process copy) instead
   * of failing the request.
   */
  async attempt<T>(command: (client: Redis) => Promise<T>): Promise<T | undefined> {
    if (!this.isReady()) {
      return undefined;
    }
    try {
      const result = await this.timed(command(this.client));
      this.stall.answered();
      return result;
    } catch (error) {
      this.noteFailure(error);
      if (!(error instanceof CommandTimeoutError)) {
        // A reply error is an answer; a closed connection makes a new one, which starts afresh.
        this.stall.answered();
        return undefined;
      }
      if (this.stall.timedOut()) {
        this.logger.warn(
          `Redis is connected but did not answer ${STALL_TIMEOUTS} commands in a row in time: ` +
            `serving without it, asking again every ${STALL_PROBE_MS} ms`,
        );
        this.probeLater();
      }
      return undefined;
    }
  }

  /**
   * The reply within REDIS_COMMAND_TIMEOUT_MS. One that comes later says Redis works again (it
   * was paused, or behind a slow command): while stalled, that sends a probe at once.
   */
  private timed<T>(sent: Promise<T>): Promise<T> {
    return withinTimeout(sent, this.commandTimeoutMs).catch((error: unknown) => {
      if (error instanceof CommandTimeoutError) {
        sent.then(
          () => this.stall.stalled && this.probe(),
          () => undefined,
        );
      }
      throw error;
    });
  }

  /**
   * While stalled: a PING answered in time ends the stall. Sent every STALL_PROBE_MS, and at once
   * when a command that had timed out gets its reply; one at a time.
   */
  private probe(): void {
    if (this.probing || this.closing) {
      return;
    }
    this.probing = true;
    clearTimeout(this.probeTimer);
    this.timed(this.client.ping()).then(
      () => {
        this.probing = false;
        this.recovered();
        this.logger.log('Redis answers again');
      },
      () => {
        this.probing = false;
        this.probeLater();
      },
    );
  }

  private probeLater(): void {
    clearTimeout(this.probeTimer);
    if (!this.closing) {
      this.probeTimer = setTimeout(() => this.probe(), STALL_PROBE_MS).unref();
    }
  }

  private recovered(): void {
    clearTimeout(this.probeTimer);
    this.stall.answered();
  }

  /** Counts a failed command (and logs now and then) so callers can just fall back. */
  noteFailure(error: unknown): void {
    this.onError(error instanceof Error ? error : new Error(String(error)));
  }

  get failures(): number {
    return this.errorCount;
  }

  async onModuleDestroy(): Promise<void> {
    this.closing = true;
    clearTimeout(this.probeTimer);
    await closeConnection(this.client, !this.stall.stalled);
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
