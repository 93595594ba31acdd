import { createHmac, timingSafeEqual } from 'node:crypto';
import { ErrorCode } from '../errors/error-code.js';
import { GatewayError } from '../errors/gateway.error.js';

/** What a cursor is bound to: replayed with another tenant, collection or filters it is refused. */
export interface CursorBinding {
  tenant: string;
  collection: string;
  /** Canonical text of the filters and sort (see canonicalQuery). */
  query: string;
}

export interface CursorState {
  page: number;
  limit: number;
}

const MAX_CURSOR_LENGTH = 512;

/** Opaque, signed cursors: `base64url(state).base64url(hmac(binding + state))`. */
export class CursorCodec {
  constructor(private readonly secret: Buffer) {}

  encode(binding: CursorBinding, state: CursorState): string {
    const payload = Buffer.from(JSON.stringify({ p: state.page, l: state.limit })).toString(
      'base64url',
    );
    return `${payload}.${this.sign(binding, payload).toString('base64url')}`;
  }

  decode(binding: CursorBinding, cursor: string): CursorState {
    const [payload, signature, extra] = cursor.length <= MAX_CURSOR_LENGTH ? cursor.split('.') : [];
    if (!payload || !signature || extra !== undefined) {
      throw invalidCursor();
    }
    const expected = this.sign(binding, payload);
    const given = Buffer.from(signature, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw invalidCursor();
    }
    const state = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as {
      p?: unknown;
      l?: unknown;
    };
    if (!isPositiveInt(state.p) || !isPositiveInt(state.l)) {
      throw invalidCursor();
    }
    return { page: state.p, limit: state.l };
  }

  private sign(binding: CursorBinding, payload: string): Buffer {
    return createHmac('sha256', this.secret)
      .update(`${binding.tenant}\n${binding.collection}\n${binding.query}\n${payload}`)
      .digest();
  }
}

function isPositiveInt(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0;
}

function invalidCursor(): GatewayError {
  return new GatewayError(
    ErrorCode.ValidationFailed,
    'The cursor is invalid or belongs to another query',
    {
      errors: [
        {
          field: 'cursor',
          message: 'is invalid or belongs to another query; start again without it',
        },
      ],
    },
  );
}

/** Filters and sort as canonical text: keys sorted, undefined dropped, arrays kept in order. */
export function canonicalQuery(query: Record<string, unknown>): string {
  const entries = Object.entries(query)
    .filter(([, value]) => value !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify(entries);
}
