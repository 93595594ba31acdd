import { createHmac } from 'node:crypto';
import type { NotificationShape } from './notification-settings.js';

export type EventType = 'CREATED' | 'UPDATED' | 'DELETED';

/** One changed record, as the sandbox's poller would have reported it. */
export interface PendingChange {
  objectType: 'incidents' | 'contacts' | 'accounts';
  objectId: string;
  eventType: EventType;
  /** The record as it was after the change (before, for a deletion). */
  record: Record<string, unknown>;
  /** Epoch ms. */
  date: number;
}

/** Cloud Elements sends at most 10 events per polling notification. */
export const EVENTS_PER_NOTIFICATION = 10;
const ELEMENT_KEY = 'sapc4chd';

/**
 * A Cloud Elements notification body for changes of one object type: `message.events` (normalized
 * events) and/or `message.raw` (the polled records), as in reference/cloud-elements.md §9.
 */
export function notificationBody(
  instanceId: string,
  eventId: string,
  changes: readonly PendingChange[],
  shape: NotificationShape,
): Record<string, unknown> {
  const objectType = changes[0]?.objectType ?? 'incidents';
  const instance = /^\d{1,15}$/.test(instanceId) ? Number(instanceId) : instanceId;
  const message: Record<string, unknown> = {
    eventId,
    instanceId: instance,
    elementKey: ELEMENT_KEY,
  };
  if (shape !== 'raw') {
    message.events = changes.map((change) => ({
      objectType: change.objectType,
      objectId: change.objectId,
      eventType: change.eventType,
      elementKey: ELEMENT_KEY,
      date: new Date(change.date).toISOString(),
    }));
  }
  if (shape !== 'normalized') {
    message.raw = {
      objectType,
      [objectType]: changes.map((change) => change.record),
      instance_id: instance,
    };
  }
  return { message };
}

/** `Elements-Webhook-Signature`: `sha256=<base64(HMAC-SHA256(rawBody, key))>`. */
export function signNotification(body: string, key: string): string {
  return `sha256=${createHmac('sha256', key).update(body).digest('base64')}`;
}
