import { ErrorCode } from '../errors/error-code.js';
import { GatewayError } from '../errors/gateway.error.js';

const MAX_IF_MATCH = 512;

/** The If-Match value to check, or undefined when none (or `*`) was sent. */
export function ifMatchVersion(header: string | undefined): string | undefined {
  if (header === undefined || header.trim() === '' || header.trim() === '*') {
    return undefined;
  }
  if (header.length > MAX_IF_MATCH) {
    throw new GatewayError(ErrorCode.ValidationFailed, 'If-Match is too long', {
      errors: [{ field: 'If-Match', message: `must be at most ${MAX_IF_MATCH} characters` }],
    });
  }
  return header.trim();
}

/**
 * For records without a version (comments, attachments): an If-Match other than `*` cannot be
 * checked, and a precondition silently ignored would let the write through, so it is refused.
 */
export function refuseIfMatch(header: string | undefined, records: string): void {
  if (ifMatchVersion(header) !== undefined) {
    throw new GatewayError(ErrorCode.ValidationFailed, 'If-Match cannot be checked here', {
      errors: [
        { field: 'If-Match', message: `${records} carry no version to match; send no If-Match` },
      ],
    });
  }
}

/** Refuses a write whose If-Match does not name the record's current version. */
export function checkVersion(expected: string | undefined, current: string | null): void {
  if (expected !== undefined && expected !== current) {
    throw new GatewayError(
      ErrorCode.PreconditionFailed,
      'The record has changed since that version was read',
    );
  }
}
