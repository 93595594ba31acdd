import type { Logger } from '@nestjs/common';
import type { EventStream, StreamEntry, StreamReader } from './event-stream.service.js';
import type { SseSubscriber } from './sse-subscriber.js';

const BLOCK_MS = 5000;
const RETRY_MIN_MS = 250;
const RETRY_MAX_MS = 5000;

/**
 * One tenant's live events on this instance: a single XREAD BLOCK loop on a connection of its own,
 * fanned out to the instance's subscribers of that tenant. It starts at the stream's newest entry
 * (resolved before the first subscriber is answered, so nothing published after that is missed)
 * and stops when its last subscriber leaves.
 */
export class TenantFeed {
  readonly subscribers = new Set<SseSubscriber>();
  /** Resolves once the start position is known (or Redis was found unavailable). */
  readonly ready: Promise<void>;
  private position?: string;
  private reader?: StreamReader;
  private stopped = false;
  private wake?: () => void;

  constructor(
    readonly tenant: string,
    private readonly stream: EventStream,
    private readonly logger: Logger,
  ) {
    this.ready = this.resolvePosition();
    void this.ready.then(() => this.loop());
  }

  fanOut(entry: { streamId?: string; event: StreamEntry['event'] }): void {
    for (const subscriber of this.subscribers) {
      subscriber.deliver(entry);
    }
  }

  stop(): void {
    this.stopped = true;
    this.reader?.close();
    this.wake?.();
  }

  private async resolvePosition(): Promise<void> {
    this.position = await this.stream.lastId(this.tenant);
  }

  private async loop(): Promise<void> {
    let delay = RETRY_MIN_MS;
    while (!this.stopped) {
      try {
        this.position ??= await this.stream.lastId(this.tenant);
        if (this.position === undefined) {
          throw new Error('Redis is not available');
        }
        this.reader ??= this.stream.openReader();
        const entries = await this.reader.read(this.tenant, this.position, BLOCK_MS);
        for (const entry of entries) {
          this.position = entry.streamId;
          this.fanOut(entry);
        }
        delay = RETRY_MIN_MS;
      } catch (error) {
        if (this.stopped) {
          break;
        }
        this.logger.debug(
          `Event feed of ${this.tenant} paused: ${error instanceof Error ? error.message : String(error)}`,
        );
        await this.sleep(delay);
        delay = Math.min(delay * 2, RETRY_MAX_MS);
      }
    }
    this.reader?.close();
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }
}
