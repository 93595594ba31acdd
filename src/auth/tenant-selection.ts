import { ErrorCode } from '../core/errors/error-code.js';
import { GatewayError } from '../core/errors/gateway.error.js';
import type { Caller } from '../core/http/request-context.js';

/**
 * The tenant a request acts for: X-Tenant-Id when given (once, exactly, one of the caller's own),
 * else the caller's only tenant. Nothing else (path, query, cursor, other headers) ever picks a
 * tenant. `repeated`: the header was sent more than once (Node joins repeats into one value).
 */
export function selectTenant(
  caller: Caller,
  header: string | string[] | undefined,
  repeated: boolean,
): string {
  if (Array.isArray(header) || repeated) {
    throw new GatewayError(ErrorCode.ValidationFailed, 'X-Tenant-Id must be given once', {
      errors: [{ field: 'X-Tenant-Id', message: 'must be given once' }],
    });
  }
  if (caller.tenants.length === 0) {
    throw new GatewayError(ErrorCode.Forbidden, 'This caller has no access to any tenant here');
  }
  if (header === undefined || header === '') {
    if (caller.tenants.length === 1) {
      return caller.tenants[0] as string;
    }
    throw new GatewayError(
      ErrorCode.ValidationFailed,
      'X-Tenant-Id is required for callers with several tenants',
      {
        errors: [{ field: 'X-Tenant-Id', message: 'is required: this caller has several tenants' }],
      },
    );
  }
  if (!caller.tenants.includes(header)) {
    throw new GatewayError(ErrorCode.Forbidden, 'This caller has no access to that tenant');
  }
  return header;
}
