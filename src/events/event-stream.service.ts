import { Inject, Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Cluster, Redis } from 'ioredis';
import type { GatewayConfig } from '../config/gateway-config.js';
import { RedisService } from '../redis/redis.service.js';
import { eventStreamKey } from './event-keys.js';
import { EVENT_RESOURCES, type HelpdeskEvent } from './helpdesk-event.js';

/** An event as read back from a tenant's stream, with the stream entry id (the SSE `id:`). */
export interface StreamEntry {
  streamId: string;
  event: HelpdeskEvent;
}

/** What the stream still holds relative to a resume point. */
export type ResumeCheck = 'complete' | 'gap' | 'unavailable';

type RawEntry = [id: string, fields: string[]];

const FIELD = 'e';
const PAGE = 500;
/** The largest part of a stream entry id: Redis keeps both as unsigned 64-bit integers. */
const MAX_ID_PART = 2n ** 64n - 1n;

/**
 * The per-tenant Redis Streams behind the event API: XADD with an approximate MAXLEN (the stream
 * is the fan-out to every instance and the bounded resume log), XRANGE for resumes, and blocking
 * readers on connections of their own. Commands on the shared connection fail fast like every
 * other Redis use: `undefined` means "Redis is not available now".
 */
@Injectable()
export class EventStream {
  private readonly logger = new Logger(EventStream.name);
  private readonly maxLength: number;

  constructor(
    @Inject(RedisService) private readonly redis: RedisService,
    @Inject(ConfigService) config: ConfigService<GatewayConfig, true>,
  ) {
    this.maxLength = config.get('events', { infer: true }).streamMaxLength;
  }

  /** Appends the event; its stream entry id, or undefined when Redis could not take it. */
  async publish(event: HelpdeskEvent): Promise<string | undefined> {
    const id = await this.redis.attempt((client) =>
      client.xadd(
        eventStreamKey(event.tenant),
        'MAXLEN',
        '~',
        String(this.maxLength),
        '*',
        FIELD,
        JSON.stringify(event),
      ),
    );
    return id ?? undefined;
  }

  /** The id of the newest entry ("0-0" for an empty stream): where a live reader starts. */
  async lastId(tenant: string): Promise<string | undefined> {
    const entries = await this.redis.attempt(
      (client) =>
        client.xrevrange(eventStreamKey(tenant), '+', '-', 'COUNT', 1) as Promise<RawEntry[]>,
    );
    return entries === undefined ? undefined : (entries[0]?.[0] ?? '0-0');
  }

  /** Every entry after `afterId`, oldest first (bounded by the stream's length). */
  async readAfter(tenant: string, afterId: string): Promise<StreamEntry[] | undefined> {
    const entries: StreamEntry[] = [];
    const [ms, seq] = parseStreamId(afterId) ?? [];
    if (ms === MAX_ID_PART && seq === MAX_ID_PART) {
      // Nothing can follow the largest id, and Redis refuses an interval that starts after it.
      return entries;
    }
    let from = afterId;
    for (let pages = 0; pages * PAGE <= this.maxLength * 2; pages++) {
      const page = await this.redis.attempt(
        (client) =>
          client.xrange(eventStreamKey(tenant), `(${from}`, '+', 'COUNT', PAGE) as Promise<
            RawEntry[]
          >,
      );
      if (page === undefined) {
        return undefined;
      }
      entries.push(...decodeEntries(page, this.logger));
      const last = page[page.length - 1];
      if (page.length < PAGE || !last) {
        break;
      }
      from = last[0];
    }
    return entries;
  }

  /**
   * Whether every event after `afterId` is still in the stream. Entries only leave by trimming
   * (oldest first), so a resume point older than the first entry may have lost events after it;
   * entries deleted by hand count through `max-deleted-entry-id`. A stream that is gone is a gap.
   */
  async checkResume(tenant: string, afterId: string): Promise<ResumeCheck> {
    const info = await this.redis.attempt((client) =>
      (client.xinfo('STREAM', eventStreamKey(tenant)) as Promise<unknown[]>).catch(
        (error: unknown) => {
          if (error instanceof Error && /no such key/i.test(error.message)) {
            return null;
          }
          throw error;
        },
      ),
    );
    if (info === undefined) {
      return 'unavailable';
    }
    if (info === null) {
      return 'gap';
    }
    const fields = new Map<string, unknown>();
    for (let i = 0; i + 1 < info.length; i += 2) {
      fields.set(String(info[i]), info[i + 1]);
    }
    const deleted = fields.get('max-deleted-entry-id');
    const first = (fields.get('first-entry') as RawEntry | null | undefined)?.[0];
    const lost =
      first === undefined ||
      compareStreamIds(afterId, first) < 0 ||
      (typeof deleted === 'string' && compareStreamIds(afterId, deleted) < 0);
    return lost ? 'gap' : 'complete';
  }

  /** A connection of its own for XREAD BLOCK (a blocked connection can do nothing else). */
  openReader(): StreamReader {
    return new StreamReader(blockingDuplicate(this.redis.client as Redis | Cluster), (error) =>
      this.redis.noteFailure(error),
    );
  }
}

/**
 * A copy of the shared client for blocking reads: no command timeout (XREAD BLOCK outlasts it),
 * no offline queue, and a close that drops the socket at once (a blocked reader has nothing left
 * to say). A Cluster client is copied as a cluster, so the read goes to the stream's node.
 */
function blockingDuplicate(client: Redis | Cluster): Redis | Cluster {
  const blocking = {
    commandTimeout: undefined,
    maxRetriesPerRequest: 1,
    disconnectTimeout: 0,
  };
  if (client.isCluster) {
    const cluster = client as Cluster;
    return cluster.duplicate([], {
      enableOfflineQueue: false,
      enableAutoPipelining: false,
      redisOptions: { ...cluster.options.redisOptions, ...blocking },
    });
  }
  return (client as Redis).duplicate({
    ...blocking,
    enableOfflineQueue: false,
    enableAutoPipelining: false,
    lazyConnect: false,
  });
}

/** How long a read waits for its new connection to be ready before it counts as a failure. */
export const READER_READY_TIMEOUT_MS = 5000;

/**
 * One blocking reader. Its connection is new and has no offline queue, so a read first waits
 * (bounded) for it to be ready rather than fail while it is still connecting. A failed read is
 * counted like any failed Redis command and thrown to the caller, which backs off and tries
 * again; a read cut short by close() is no failure.
 */
export class StreamReader {
  private closed = false;

  constructor(
    private readonly connection: Redis | Cluster,
    private readonly onFailure: (error: unknown) => void,
    private readonly readyTimeoutMs = READER_READY_TIMEOUT_MS,
  ) {
    // Connection errors surface as rejected reads; the connection retries by itself.
    this.connection.on('error', () => undefined);
  }

  async read(tenant: string, afterId: string, blockMs: number): Promise<StreamEntry[]> {
    try {
      await this.ready();
      const reply = await this.connection.xread(
        'COUNT',
        PAGE,
        'BLOCK',
        blockMs,
        'STREAMS',
        eventStreamKey(tenant),
        afterId,
      );
      return reply?.[0] ? decodeEntries(reply[0][1]) : [];
    } catch (error) {
      if (!this.closed) {
        this.onFailure(error);
      }
      throw error;
    }
  }

  close(): void {
    this.closed = true;
    this.connection.disconnect(false);
  }

  /** Resolves once the connection is ready; rejects after the timeout or when it ends. */
  private ready(): Promise<void> {
    const connection = this.connection;
    if (connection.status === 'ready') {
      return Promise.resolve();
    }
    if (connection.status === 'end') {
      return Promise.reject(new Error('The event reader connection is closed'));
    }
    return new Promise((resolve, reject) => {
      const settle = (error?: Error): void => {
        clearTimeout(timer);
        connection.off('ready', onReady);
        connection.off('end', onEnd);
        if (error) {
          reject(error);
        } else {
          resolve();
        }
      };
      const onReady = (): void => settle();
      const onEnd = (): void => settle(new Error('The event reader connection is closed'));
      const timer = setTimeout(
        () =>
          settle(
            new Error(`The event reader connection was not ready within ${this.readyTimeoutMs} ms`),
          ),
        this.readyTimeoutMs,
      );
      timer.unref();
      connection.once('ready', onReady);
      connection.once('end', onEnd);
    });
  }
}

/** Orders stream entry ids (`<ms>-<seq>`); ids that do not parse sort first. */
export function compareStreamIds(a: string, b: string): number {
  const [am = -1n, as = -1n] = parseStreamId(a) ?? [];
  const [bm = -1n, bs = -1n] = parseStreamId(b) ?? [];
  if (am !== bm) {
    return am < bm ? -1 : 1;
  }
  return as === bs ? 0 : as < bs ? -1 : 1;
}

/** `<ms>-<seq>` with both parts unsigned 64-bit integers, or undefined (Redis refuses the rest). */
export function parseStreamId(id: string): [bigint, bigint] | undefined {
  const match = /^(\d{1,20})-(\d{1,20})$/.exec(id);
  if (!match) {
    return undefined;
  }
  const ms = BigInt(match[1] as string);
  const seq = BigInt(match[2] as string);
  return ms <= MAX_ID_PART && seq <= MAX_ID_PART ? [ms, seq] : undefined;
}

function decodeEntries(entries: RawEntry[], logger?: Logger): StreamEntry[] {
  const decoded: StreamEntry[] = [];
  for (const [streamId, fields] of entries) {
    const event = decodeEvent(fields[fields.indexOf(FIELD) + 1]);
    if (event) {
      decoded.push({ streamId, event });
    } else {
      logger?.warn(`Skipping unreadable event stream entry ${streamId}`);
    }
  }
  return decoded;
}

function decodeEvent(text: string | undefined): HelpdeskEvent | undefined {
  if (text === undefined) {
    return undefined;
  }
  try {
    const value = JSON.parse(text) as Partial<HelpdeskEvent>;
    const valid =
      typeof value.id === 'string' &&
      typeof value.tenant === 'string' &&
      typeof value.objectId === 'string' &&
      typeof value.occurredAt === 'string' &&
      typeof value.type === 'string' &&
      (EVENT_RESOURCES as readonly string[]).includes(value.resource as string);
    return valid ? (value as HelpdeskEvent) : undefined;
  } catch {
    return undefined;
  }
}
