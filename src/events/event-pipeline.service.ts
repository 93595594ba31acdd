import { Inject, Injectable, Logger } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { ResponseCache } from '../cache/response-cache.service.js';
import { MetricsService } from '../metrics/metrics.service.js';
import { EventHub } from './event-hub.service.js';
import { effectOf } from './event-scopes.js';
import { EventStream } from './event-stream.service.js';
import type { EventType, HelpdeskEvent, UpstreamChange } from './helpdesk-event.js';

export type EventSource = 'webhook' | 'poller';

export interface ChangeBatch {
  tenant: string;
  changes: readonly UpstreamChange[];
  source: EventSource;
  /** Identifies the delivery (the notification id, or the poll); event ids derive from it. */
  deliveryId: string;
}

const TYPES: Record<UpstreamChange['eventType'], EventType> = {
  CREATED: 'created',
  UPDATED: 'updated',
  DELETED: 'deleted',
  UNKNOWN: 'unknown',
};

/**
 * What every reported change goes through, from a webhook or the poller: first the cache scopes it
 * touches are invalidated (for every instance at once, through the Redis generations), then the
 * event is appended to the tenant's stream, so a client that hears of a change and reads again
 * never gets the old value. Doing it twice is harmless: invalidation and ids are idempotent.
 */
@Injectable()
export class EventPipeline {
  private readonly logger = new Logger(EventPipeline.name);

  constructor(
    @Inject(ResponseCache) private readonly cache: ResponseCache,
    @Inject(EventStream) private readonly stream: EventStream,
    @Inject(EventHub) private readonly hub: EventHub,
    @Inject(MetricsService) private readonly metrics: MetricsService,
  ) {}

  async process(batch: ChangeBatch): Promise<HelpdeskEvent[]> {
    const scopes = new Set<string>();
    const events: HelpdeskEvent[] = [];
    batch.changes.forEach((change, index) => {
      const effect = effectOf(change);
      if (!effect) {
        this.logger.debug(`Ignoring a change of unknown object type ${change.objectType}`);
        return;
      }
      effect.scopes.forEach((scope) => scopes.add(scope));
      if (change.objectId !== undefined) {
        events.push({
          id: eventId(batch, index, change),
          tenant: batch.tenant,
          resource: effect.resource,
          objectId: change.objectId,
          type: TYPES[change.eventType],
          occurredAt: new Date(change.date ?? Date.now()).toISOString(),
        });
      }
    });
    if (scopes.size > 0) {
      await this.cache.invalidate(batch.tenant, [...scopes]);
    }
    for (const event of events) {
      const streamId = await this.stream.publish(event);
      if (streamId === undefined) {
        this.hub.deliverLocal(event);
      }
      this.metrics.events.inc({
        resource: event.resource,
        source: batch.source,
        delivery: streamId === undefined ? 'local' : 'stream',
      });
    }
    return events;
  }
}

function eventId(batch: ChangeBatch, index: number, change: UpstreamChange): string {
  return createHash('sha256')
    .update(
      [
        batch.tenant,
        batch.deliveryId,
        index,
        change.objectType,
        change.objectId,
        change.eventType,
      ].join('\0'),
    )
    .digest('base64url')
    .slice(0, 22);
}
