import { createHash } from 'node:crypto';
import { ErrorCode } from '../core/errors/error-code.js';
import { GatewayError } from '../core/errors/gateway.error.js';

const KEY = /^[\x21-\x7e]{1,255}$/;

/** The caller's Idempotency-Key: 1–255 visible ASCII characters, or a 400. */
export function checkedIdempotencyKey(header: string | string[] | undefined): string | undefined {
  if (header === undefined) {
    return undefined;
  }
  if (Array.isArray(header) || !KEY.test(header)) {
    throw new GatewayError(ErrorCode.ValidationFailed, 'Idempotency-Key is malformed', {
      errors: [
        {
          field: 'Idempotency-Key',
          message: 'must be one header of 1-255 visible ASCII characters',
        },
      ],
    });
  }
  return header;
}

/**
 * What makes two requests "the same": method, path and body (JSON with keys sorted, so key order
 * does not matter). A multipart upload has no parsed body here: its file is compared by digest
 * once read (IdempotencyService).
 */
export function requestFingerprint(method: string, path: string, body: unknown): string {
  return createHash('sha256')
    .update(`${method} ${path}\n${body === undefined ? '' : canonicalJson(body)}`)
    .digest('base64url');
}

export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) {
    return `[${value.map(canonicalJson).join(',')}]`;
  }
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
