import type { EventResource } from './helpdesk-event.js';
import type { StreamEntry } from './event-stream.service.js';
import { compareStreamIds } from './event-stream.service.js';
import { commentFrame, controlFrame, eventFrame, type CloseReason } from './sse-frames.js';

/** The part of a response (node:http ServerResponse) an SSE subscriber writes to. */
export interface SseSink {
  write(chunk: string): boolean;
  end(): void;
  destroy(): void;
  readonly writableLength: number;
  readonly destroyed: boolean;
  readonly writableFinished: boolean;
  once(event: 'drain' | 'close' | 'finish', listener: () => void): unknown;
  off(event: 'drain' | 'close' | 'finish', listener: () => void): unknown;
}

export interface SubscriberOptions {
  tenant: string;
  /** Only these resources; undefined: all. */
  resources?: ReadonlySet<EventResource>;
  /** Unsent bytes beyond which the client counts as too slow and is dropped. */
  maxBufferBytes: number;
  /** How long a replay waits for a full socket to drain before giving up on the client. */
  drainTimeoutMs?: number;
  onClose?: (subscriber: SseSubscriber, reason: CloseReason | 'client-gone') => void;
}

/** Live events kept while a resume replays the stream; more means the client cannot keep up. */
const MAX_PENDING = 1000;
const DEFAULT_DRAIN_TIMEOUT_MS = 10_000;
/** After the final event, a client that does not take it is cut off. */
const END_GRACE_MS = 2000;

/**
 * One SSE client. Live events are written as they come; nothing is queued in memory beyond the
 * socket's own buffer, and a client whose unsent data passes `maxBufferBytes` is dropped with a
 * final `close` event. While a resume replays older events, live ones wait (bounded) and are sent
 * afterwards without repeating what the replay already sent.
 */
export class SseSubscriber {
  readonly tenant: string;
  lastWriteAt = Date.now();
  private state: 'starting' | 'live' | 'closed' = 'starting';
  private pending: StreamEntry[] = [];
  private lastSentId?: string;

  constructor(
    private readonly sink: SseSink,
    private readonly options: SubscriberOptions,
  ) {
    this.tenant = options.tenant;
    sink.once('close', () => this.finish('client-gone'));
  }

  get closed(): boolean {
    return this.state === 'closed';
  }

  /** A live event from the tenant's feed. */
  deliver(entry: { streamId?: string; event: StreamEntry['event'] }): void {
    if (this.state === 'closed' || !this.wants(entry.event.resource)) {
      return;
    }
    if (this.state === 'starting') {
      if (this.pending.length >= MAX_PENDING) {
        this.close('slow-client');
        return;
      }
      this.pending.push(entry as StreamEntry);
      return;
    }
    this.writeEvent(entry);
  }

  /** Writes raw frames (preamble, reset notice) honouring the buffer limit. */
  send(frame: string): void {
    if (this.state !== 'closed') {
      this.write(frame);
    }
  }

  /** Sends older events first, waiting for the socket to drain rather than buffering them all. */
  async replay(entries: readonly StreamEntry[]): Promise<void> {
    for (const entry of entries) {
      if (this.state === 'closed') {
        return;
      }
      if (!this.wants(entry.event.resource)) {
        this.lastSentId = entry.streamId;
        continue;
      }
      if (!this.sink.write(eventFrame(entry.event, entry.streamId))) {
        await this.drained();
      }
      this.lastSentId = entry.streamId;
      this.lastWriteAt = Date.now();
    }
  }

  /** Ends the replay: live events held meanwhile go out, minus those the replay covered. */
  goLive(): void {
    if (this.state !== 'starting') {
      return;
    }
    this.state = 'live';
    const held = this.pending;
    this.pending = [];
    for (const entry of held) {
      if (
        entry.streamId === undefined ||
        this.lastSentId === undefined ||
        compareStreamIds(entry.streamId, this.lastSentId) > 0
      ) {
        this.writeEvent(entry);
      }
    }
  }

  heartbeat(now = Date.now(), intervalMs = 0): void {
    if (this.state !== 'closed' && now - this.lastWriteAt >= intervalMs) {
      this.write(commentFrame('keep-alive'));
    }
  }

  /** Ends the stream with a final `close` event; a client that does not take it is cut off. */
  close(reason: CloseReason): void {
    if (this.state === 'closed') {
      return;
    }
    this.finish(reason);
    if (this.sink.destroyed) {
      return;
    }
    this.sink.write(controlFrame('close', { reason }));
    this.sink.end();
    if (!this.sink.writableFinished) {
      const timer = setTimeout(() => this.sink.destroy(), END_GRACE_MS);
      timer.unref();
      this.sink.once('close', () => clearTimeout(timer));
    }
  }

  /** Leaves the feed without writing anything: the stream never started. */
  abandon(): void {
    this.finish('error');
  }

  private writeEvent(entry: { streamId?: string; event: StreamEntry['event'] }): void {
    this.write(eventFrame(entry.event, entry.streamId));
    if (entry.streamId !== undefined) {
      this.lastSentId = entry.streamId;
    }
  }

  private write(frame: string): void {
    if (this.sink.destroyed) {
      this.finish('client-gone');
      return;
    }
    this.sink.write(frame);
    this.lastWriteAt = Date.now();
    if (this.sink.writableLength > this.options.maxBufferBytes) {
      this.close('slow-client');
    }
  }

  private drained(): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.sink.off('drain', done);
        this.sink.off('close', done);
        resolve();
      };
      const timer = setTimeout(() => {
        done();
        this.close('slow-client');
      }, this.options.drainTimeoutMs ?? DEFAULT_DRAIN_TIMEOUT_MS);
      this.sink.once('drain', done);
      this.sink.once('close', done);
    });
  }

  private wants(resource: StreamEntry['event']['resource']): boolean {
    return this.options.resources === undefined || this.options.resources.has(resource);
  }

  private finish(reason: CloseReason | 'client-gone'): void {
    if (this.state === 'closed') {
      return;
    }
    this.state = 'closed';
    this.pending = [];
    this.options.onClose?.(this, reason);
  }
}
