import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { EventsConfig } from '../config/events-config.js';
import type { GatewayConfig } from '../config/gateway-config.js';
import { DrainState } from '../lifecycle/drain-state.js';
import { MetricsService } from '../metrics/metrics.service.js';
import { EventStream, type StreamEntry } from './event-stream.service.js';
import type { SseSubscriber } from './sse-subscriber.js';
import type { CloseReason } from './sse-frames.js';
import { TenantFeed } from './tenant-feed.js';

const TICK_MS = 200;

/**
 * This instance's SSE subscribers, grouped into one TenantFeed per tenant. A timer sends the
 * heartbeats and, once the gateway starts draining, ends every stream with a `close` event, so
 * shutdown is not held up by clients that would otherwise stay connected forever.
 */
@Injectable()
export class EventHub implements OnModuleDestroy {
  private readonly logger = new Logger(EventHub.name);
  private readonly config: EventsConfig;
  private readonly feeds = new Map<string, TenantFeed>();
  private count = 0;
  private timer?: NodeJS.Timeout;

  constructor(
    @Inject(EventStream) private readonly stream: EventStream,
    @Inject(DrainState) private readonly drain: DrainState,
    @Inject(MetricsService) private readonly metrics: MetricsService,
    @Inject(ConfigService) config: ConfigService<GatewayConfig, true>,
  ) {
    this.config = config.get('events', { infer: true });
  }

  get size(): number {
    return this.count;
  }

  /** Adds a subscriber to its tenant's feed; resolves once the feed knows where it starts. */
  async subscribe(subscriber: SseSubscriber): Promise<void> {
    let feed = this.feeds.get(subscriber.tenant);
    if (!feed) {
      feed = new TenantFeed(subscriber.tenant, this.stream, this.logger);
      this.feeds.set(subscriber.tenant, feed);
    }
    feed.subscribers.add(subscriber);
    this.count++;
    this.metrics.sseClients.set(this.count);
    this.startTimer();
    await feed.ready;
  }

  /** Called by a subscriber when it closes, whatever the reason. */
  remove(subscriber: SseSubscriber, reason: CloseReason | 'client-gone'): void {
    const feed = this.feeds.get(subscriber.tenant);
    if (!feed?.subscribers.delete(subscriber)) {
      return;
    }
    this.count--;
    this.metrics.sseClients.set(this.count);
    this.metrics.sseDisconnects.inc({ reason });
    if (feed.subscribers.size === 0) {
      feed.stop();
      this.feeds.delete(subscriber.tenant);
    }
    if (this.count === 0) {
      this.stopTimer();
    }
  }

  /** An event that could not go through Redis still reaches this instance's own subscribers. */
  deliverLocal(event: StreamEntry['event']): void {
    this.feeds.get(event.tenant)?.fanOut({ event });
  }

  closeAll(reason: CloseReason): void {
    for (const feed of [...this.feeds.values()]) {
      for (const subscriber of [...feed.subscribers]) {
        subscriber.close(reason);
      }
    }
  }

  onModuleDestroy(): void {
    this.closeAll('shutdown');
    for (const feed of this.feeds.values()) {
      feed.stop();
    }
    this.feeds.clear();
    this.stopTimer();
  }

  private tick(): void {
    if (this.drain.draining) {
      this.closeAll('shutdown');
      return;
    }
    const now = Date.now();
    for (const feed of this.feeds.values()) {
      for (const subscriber of [...feed.subscribers]) {
        subscriber.heartbeat(now, this.config.sseHeartbeatMs);
      }
    }
  }

  private startTimer(): void {
    if (!this.timer) {
      this.timer = setInterval(() => this.tick(), TICK_MS);
      this.timer.unref();
    }
  }

  private stopTimer(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }
}
