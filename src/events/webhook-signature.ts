import { createHmac, timingSafeEqual } from 'node:crypto';

const PREFIX = 'sha256=';
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** `sha256=<base64(HMAC-SHA256(body, key))>`, the `Elements-Webhook-Signature` of a body. */
export function webhookSignature(body: Buffer, key: string): string {
  return `${PREFIX}${createHmac('sha256', key).update(body).digest('base64')}`;
}

/**
 * Checks an `Elements-Webhook-Signature` header against the raw body bytes. The comparison takes
 * the same time whatever the header holds: both sides are HMAC digests of equal length, compared
 * with timingSafeEqual, so neither a prefix nor a partial match can be timed.
 */
export function verifyWebhookSignature(
  header: string | string[] | undefined,
  body: Buffer,
  key: string,
): boolean {
  if (typeof header !== 'string') {
    return false;
  }
  const value = header.trim();
  const encoded = value.toLowerCase().startsWith(PREFIX) ? value.slice(PREFIX.length) : value;
  const expected = createHmac('sha256', key).update(body).digest();
  const given = BASE64.test(encoded) ? Buffer.from(encoded, 'base64') : Buffer.alloc(0);
  // A wrong length is compared against itself, so the time does not depend on the header.
  const comparable = given.length === expected.length ? given : expected;
  return timingSafeEqual(comparable, expected) && comparable === given;
}
