import { ErrorCode } from '../errors/error-code.js';
import { GatewayError } from '../errors/gateway.error.js';
import type { RequestContext } from './request-context.js';

/** Whether to attach `raw`; asking for it without being an internal caller is refused. */
export function includeRaw(ctx: RequestContext, include: 'raw' | undefined): boolean {
  if (include !== 'raw') {
    return false;
  }
  if (!ctx.internal) {
    throw new GatewayError(ErrorCode.Forbidden, 'include=raw is for internal callers only');
  }
  return true;
}
