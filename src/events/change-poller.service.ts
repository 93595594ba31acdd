import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { randomUUID } from 'node:crypto';
import type { GatewayConfig } from '../config/gateway-config.js';
import { toCeqlDate, toEpochMs } from '../core/mapping/dates.js';
import { MetricsService } from '../metrics/metrics.service.js';
import { RedisService } from '../redis/redis.service.js';
import { Ceql } from '../upstream/ceql.js';
import { UpstreamClient } from '../upstream/upstream.client.js';
import { pollLockKey, pollWatermarkKey } from './event-keys.js';
import { EventPipeline } from './event-pipeline.service.js';
import type { UpstreamChange } from './helpdesk-event.js';

/** The pollable collections (as in the Cloud Elements poller configuration of sapc4chd). */
const COLLECTIONS = ['incidents', 'contacts', 'accounts'] as const;
const PAGE_SIZE = 200;
const MAX_PAGES = 10;
const WATERMARK_TTL_SECONDS = 30 * 86400;

/** Takes the lock, or extends it when this instance already holds it. */
const LOCK_SCRIPT = `
local holder = redis.call('get', KEYS[1])
if holder == ARGV[1] then redis.call('pexpire', KEYS[1], ARGV[2]) return 1 end
if not holder then redis.call('set', KEYS[1], ARGV[1], 'PX', ARGV[2]) return 1 end
return 0`;
const UNLOCK_SCRIPT =
  "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0";

/** Where a collection was read up to: the newest ChangedOn seen and the records changed at that instant. */
interface Watermark {
  at: number;
  ids: string[];
}

interface PolledRecord {
  ObjectID?: unknown;
  id?: unknown;
  ChangedOn?: unknown;
  CreatedOn?: unknown;
}

/**
 * The fallback for tenants whose Cloud Elements instance sends no notifications (no webhook key):
 * every EVENTS_POLL_INTERVAL_SECONDS, `GET /hubs/helpdesk/<collection>?where=ChangedOn>='<last>'`
 * through the UpstreamClient, changes fed to the same pipeline as webhooks. One instance polls a
 * tenant at a time (a Redis lock it renews); the watermark lives in Redis, so another instance
 * carries on where this one stopped. Without Redis nothing is polled (nor cached).
 */
@Injectable()
export class ChangePoller implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(ChangePoller.name);
  private readonly intervalMs: number;
  private readonly tenants: string[];
  private readonly owner = randomUUID();
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = false;

  constructor(
    @Inject(UpstreamClient) private readonly upstream: UpstreamClient,
    @Inject(EventPipeline) private readonly pipeline: EventPipeline,
    @Inject(RedisService) private readonly redis: RedisService,
    @Inject(MetricsService) private readonly metrics: MetricsService,
    @Inject(ConfigService) config: ConfigService<GatewayConfig, true>,
  ) {
    const events = config.get('events', { infer: true });
    this.intervalMs = events.pollIntervalMs;
    this.tenants = [...config.get('tenants', { infer: true }).keys()].filter(
      (tenant) => !events.webhookSecrets.has(tenant),
    );
  }

  onApplicationBootstrap(): void {
    if (this.intervalMs > 0 && this.tenants.length > 0) {
      this.schedule();
    }
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
    for (const tenant of this.tenants) {
      await this.redis.attempt((client) =>
        client.eval(UNLOCK_SCRIPT, 1, pollLockKey(tenant), this.owner),
      );
    }
  }

  /** One round over the tenants this instance holds the lock of. */
  async pollOnce(): Promise<void> {
    for (const tenant of this.tenants) {
      if (this.stopped) {
        return;
      }
      const locked = await this.redis.attempt((client) =>
        client.eval(LOCK_SCRIPT, 1, pollLockKey(tenant), this.owner, this.intervalMs * 3),
      );
      if (locked !== 1) {
        this.metrics.eventPolls.inc({ tenant, result: 'skipped' });
        continue;
      }
      try {
        for (const collection of COLLECTIONS) {
          await this.pollCollection(tenant, collection);
        }
        this.metrics.eventPolls.inc({ tenant, result: 'ok' });
      } catch (error) {
        this.metrics.eventPolls.inc({ tenant, result: 'error' });
        this.logger.warn(
          `Polling ${tenant} for changes failed: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    }
  }

  private schedule(): void {
    this.timer = setTimeout(() => {
      this.running = this.pollOnce().finally(() => {
        this.running = undefined;
        if (!this.stopped) {
          this.schedule();
        }
      });
    }, this.intervalMs);
    this.timer.unref();
  }

  private async pollCollection(tenant: string, collection: string): Promise<void> {
    const key = pollWatermarkKey(tenant, collection);
    const stored = await this.redis.attempt((client) => client.get(key));
    if (stored === undefined) {
      return;
    }
    // A first poll looks one interval back, not at the whole history.
    const mark = parseWatermark(stored) ?? { at: Date.now() - this.intervalMs, ids: [] };
    const records = await this.changedSince(tenant, collection, mark.at);
    const { changes, next } = changesAfter(collection, records, mark);
    if (changes.length > 0) {
      await this.pipeline.process({
        tenant,
        changes,
        source: 'poller',
        deliveryId: `poll:${collection}:${mark.at}:${mark.ids.length}`,
      });
    }
    await this.redis.attempt((client) =>
      client.set(key, JSON.stringify(next), 'EX', WATERMARK_TTL_SECONDS),
    );
  }

  private async changedSince(
    tenant: string,
    collection: string,
    at: number,
  ): Promise<PolledRecord[]> {
    // CEQL dates have whole seconds: read from the start of the second, drop what was seen.
    const where = Ceql.gte('ChangedOn', toCeqlDate(Math.floor(at / 1000) * 1000));
    const records: PolledRecord[] = [];
    for (let page = 1; page <= MAX_PAGES; page++) {
      const result = await this.upstream.hub<PolledRecord[]>({
        tenant,
        method: 'GET',
        path: `/${collection}`,
        query: { where: where.text, orderBy: 'ChangedOn asc', page, pageSize: PAGE_SIZE },
        requestId: `poll-${randomUUID()}`,
        subject: `${collection} changed since ${new Date(at).toISOString()}`,
      });
      const items = Array.isArray(result.body) ? result.body : [];
      records.push(...items);
      if (items.length < PAGE_SIZE) {
        break;
      }
    }
    return records;
  }
}

/** The records changed after the watermark, and the watermark after them. */
export function changesAfter(
  collection: string,
  records: readonly PolledRecord[],
  mark: Watermark,
): { changes: UpstreamChange[]; next: Watermark } {
  const seen = new Set(mark.ids);
  const changes: UpstreamChange[] = [];
  let next: Watermark = { at: mark.at, ids: [...mark.ids] };
  for (const record of records) {
    const id = record.ObjectID ?? record.id;
    const changed = toEpochMs(record.ChangedOn);
    if (typeof id !== 'string' || changed === null) {
      continue;
    }
    if (changed < mark.at || (changed === mark.at && seen.has(id))) {
      continue;
    }
    const created = toEpochMs(record.CreatedOn);
    changes.push({
      objectType: collection,
      objectId: id,
      eventType: created === changed ? 'CREATED' : 'UPDATED',
      date: changed,
    });
    if (changed > next.at) {
      next = { at: changed, ids: [id] };
    } else if (changed === next.at && !next.ids.includes(id)) {
      next.ids.push(id);
    }
  }
  return { changes, next };
}

function parseWatermark(text: string | null): Watermark | undefined {
  if (text === null) {
    return undefined;
  }
  try {
    const value = JSON.parse(text) as Partial<Watermark>;
    return typeof value.at === 'number' && Array.isArray(value.ids)
      ? { at: value.at, ids: value.ids.filter((id): id is string => typeof id === 'string') }
      : undefined;
  } catch {
    return undefined;
  }
}
