import { createHash } from 'node:crypto';

/*
 * The Redis keys of the event pipeline. `{tenant}` is a Redis Cluster hash tag, as in the cache's
 * keys: everything of one tenant shares a slot.
 */

/** The tenant's event stream: the fan-out to every gateway instance and the resume log. */
export function eventStreamKey(tenant: string): string {
  return `ev:{${tenant}}:stream`;
}

/** Marks a notification id as seen; the id itself is hashed (it is sender-chosen text). */
export function webhookSeenKey(tenant: string, webhookId: string): string {
  const digest = createHash('sha256').update(webhookId).digest('base64url').slice(0, 32);
  return `ev:{${tenant}}:seen:${digest}`;
}

/** Held by the one instance polling a tenant. */
export function pollLockKey(tenant: string): string {
  return `ev:{${tenant}}:poll:lock`;
}

/** The poller's watermark for one tenant and collection. */
export function pollWatermarkKey(tenant: string, collection: string): string {
  return `ev:{${tenant}}:poll:${collection}`;
}
