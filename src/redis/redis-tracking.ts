import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Redis } from 'ioredis';
import type { GatewayConfig, RedisConfig } from '../config/gateway-config.js';
import { closeConnection } from './create-redis-client.js';
import { redisOptions } from './redis-options.js';
import { RedisService } from './redis.service.js';

const CHANNEL = '__redis__:invalidate';
/**
 * How often both connections are checked. An idle listener can be cut silently (a NAT or load
 * balancer idle timeout); without this, lost invalidations would leave copies served until they
 * expire. With it, copies are dropped at most this long plus the connection's backstop timeout
 * (backstopTimeoutMs, 1 s by default) after a break.
 */
const HEARTBEAT_MS = 2000;

/** Told about every change to a key read through `RedisTracking.mget`. */
export interface InvalidationListener {
  /** These keys (without the key prefix) changed or expired. */
  invalidated(keys: string[]): void;
  /** Anything may have changed: tracking was lost, re-established, or the database flushed. */
  reset(): void;
}

/**
 * Server-assisted invalidation (Redis `CLIENT TRACKING`, default mode). Keys read through `mget`
 * are remembered by Redis, which names them on `__redis__:invalidate` as soon as anything writes,
 * deletes or expires them. Two connections of its own: the reader, with tracking redirected to the
 * listener; the listener speaks RESP2, because ioredis (RESP3 by default) drops `invalidate` pushes
 * while RESP2 delivers them as Pub/Sub messages. While either is down nothing is tracked, and
 * `tracking` is false. Not for Redis Cluster (tracking is per node).
 */
@Injectable()
export class RedisTracking implements OnModuleDestroy {
  private readonly logger = new Logger(RedisTracking.name);
  private readonly config: RedisConfig;
  private reader?: Redis;
  private listener?: Redis;
  private listenerId?: string;
  private target?: InvalidationListener;
  private active = false;
  private sessionCount = 0;
  private heartbeat?: NodeJS.Timeout;

  constructor(
    @Inject(ConfigService) config: ConfigService<GatewayConfig, true>,
    @Inject(RedisService) private readonly redis: RedisService,
  ) {
    this.config = config.get('redis', { infer: true });
  }

  get supported(): boolean {
    return !this.config.clusterNodes || this.config.clusterNodes.length === 0;
  }

  /** True while reads through `mget` are tracked. */
  get tracking(): boolean {
    return this.active;
  }

  start(target: InvalidationListener): void {
    if (this.reader || !this.supported) {
      return;
    }
    this.target = target;
    const options = redisOptions(this.config);
    this.reader = new Redis({ ...options, connectionName: 'hgw-tracked-reads' });
    this.listener = new Redis({
      ...options,
      keyPrefix: undefined,
      protocol: 2,
      autoResubscribe: false,
      connectionName: 'hgw-invalidations',
    });
    // The main connection reports Redis trouble; these would only repeat it.
    this.reader.on('error', () => undefined);
    this.listener.on('error', () => undefined);
    this.reader.on('close', () => this.lose());
    this.listener.on('close', () => {
      this.listenerId = undefined;
      this.lose();
    });
    this.listener.on('ready', () => void this.listen());
    this.reader.on('ready', () => void this.enable());
    this.listener.on('messageBuffer', (channel: Buffer, message: unknown) =>
      this.onMessage(channel, message),
    );
    this.heartbeat = setInterval(() => void this.check(), HEARTBEAT_MS).unref();
  }

  /**
   * One round trip on the tracked connection, with the main connection's timeout and stall
   * detection (both reach the same server); undefined when not tracking or on failure.
   */
  async mget(keys: string[]): Promise<(string | null)[] | undefined> {
    const reader = this.reader;
    if (!this.active || !reader) {
      return undefined;
    }
    return this.redis.attempt(() => reader.mget(...keys));
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.heartbeat);
    this.lose();
    const connections = [this.reader, this.listener].filter((c): c is Redis => c !== undefined);
    this.reader = this.listener = undefined;
    // Same server as the main connection: when that one found it silent, so would these.
    const answering = this.redis.isReady();
    await Promise.all(connections.map((c) => closeConnection(c, answering)));
  }

  private async listen(): Promise<void> {
    const listener = this.listener;
    try {
      const id = String(await listener?.client('ID'));
      await listener?.subscribe(CHANNEL);
      this.listenerId = id;
      await this.enable();
    } catch (error) {
      this.startOver(error);
    }
  }

  /** (Re)points the reader's tracking at the current listener; reads count only from then on. */
  private async enable(): Promise<void> {
    this.lose();
    const session = this.sessionCount;
    const id = this.listenerId;
    if (!id || this.reader?.status !== 'ready') {
      return;
    }
    try {
      await this.reader.call('CLIENT', 'TRACKING', 'OFF');
      await this.reader.call('CLIENT', 'TRACKING', 'ON', 'REDIRECT', id);
      if (session === this.sessionCount && id === this.listenerId) {
        this.active = true;
      }
    } catch (error) {
      this.startOver(error);
    }
  }

  /** While tracking: the listener answers, and Redis still redirects to it. */
  private async check(): Promise<void> {
    if (!this.active || !this.listener || !this.reader) {
      return;
    }
    try {
      await this.listener.ping();
      const info = (await this.reader.call('CLIENT', 'TRACKINGINFO')) as unknown[];
      const flags = info[info.indexOf('flags') + 1];
      const redirect = String(info[info.indexOf('redirect') + 1]);
      if (
        !Array.isArray(flags) ||
        flags.includes('broken_redirect') ||
        redirect !== this.listenerId
      ) {
        throw new Error(`tracking is ${JSON.stringify(info)}`);
      }
    } catch (error) {
      if (this.active) {
        this.lose();
        this.startOver(error);
      }
    }
  }

  /**
   * A step failed. A timeout (a busy start) or a lost connection: reconnect the listener and redo
   * it all. A refusal by Redis (an ACL without `CLIENT TRACKING`, a proxy that lacks it) would only
   * repeat: stop both connections for good; hits then read Redis as they would without copies.
   */
  private startOver(error: unknown): void {
    if (error instanceof Error && error.name === 'ReplyError') {
      this.logger.warn(
        `Redis refused invalidation tracking (${error.message}); cache entries are not kept in process`,
      );
      void this.onModuleDestroy();
      return;
    }
    this.logger.debug(`Tracking not enabled, trying again: ${String(error)}`);
    this.listener?.disconnect(true);
  }

  private lose(): void {
    this.active = false;
    this.sessionCount++;
    this.target?.reset();
  }

  private onMessage(channel: Buffer, message: unknown): void {
    if (channel.toString() !== CHANNEL) {
      return;
    }
    if (!Array.isArray(message)) {
      // A null list: the database was flushed.
      this.target?.reset();
      return;
    }
    const prefix = this.config.keyPrefix;
    const keys: string[] = [];
    for (const raw of message as Buffer[]) {
      const key = raw.toString();
      if (key.startsWith(prefix)) {
        keys.push(key.slice(prefix.length));
      }
    }
    this.target?.invalidated(keys);
  }
}
