import { ErrorCode } from '../core/errors/error-code.js';
import { GatewayError } from '../core/errors/gateway.error.js';
import type { UpstreamFailure, UpstreamFailureDetails } from './upstream-failure.js';

interface Mapped {
  code: ErrorCode;
  detail: string;
}

/**
 * Translates an upstream outcome into the closed error contract (api-contract §5). The original
 * failure is kept as `cause`; the upstream's own words reach internal callers only, via `upstream`.
 */
export function mapUpstreamFailure(failure: UpstreamFailure): GatewayError {
  const details = failure.details;
  const { code, detail } = classify(details);
  return new GatewayError(code, detail, {
    cause: failure,
    retryAfterSeconds: details.retryAfterSeconds,
    retryable: code === ErrorCode.UpstreamError ? details.method === 'GET' : undefined,
    upstream: {
      status: details.status,
      requestId: details.upstreamRequestId,
      message: details.ceMessage ?? failure.message,
      providerMessage: details.providerMessage,
    },
  });
}

function classify(d: UpstreamFailureDetails): Mapped {
  switch (d.kind) {
    case 'timeout':
      return { code: ErrorCode.UpstreamTimeout, detail: 'The helpdesk did not answer in time' };
    case 'network':
      return { code: ErrorCode.UpstreamUnavailable, detail: 'The helpdesk cannot be reached' };
    case 'invalid-body':
      return d.phase === 'instance'
        ? {
            code: ErrorCode.UpstreamAuthFailed,
            detail: 'The helpdesk instance has no usable token',
          }
        : {
            code: ErrorCode.UpstreamError,
            detail: 'The helpdesk sent a response that cannot be read',
          };
    case 'status':
      return d.phase === 'instance'
        ? classifyInstanceStatus(d.status ?? 0)
        : classifyHubStatus(d.status ?? 0, d.subject);
  }
}

function classifyInstanceStatus(status: number): Mapped {
  if (status === 401 || status === 403 || status === 404) {
    return {
      code: ErrorCode.UpstreamAuthFailed,
      detail: 'The gateway cannot resolve the helpdesk instance for this tenant',
    };
  }
  return classifyHubStatus(status, undefined);
}

/** Upstream statuses that mean "refused a request the gateway found valid". */
const REFUSALS = new Set([400, 405, 406, 415]);

function classifyHubStatus(status: number, subject: string | undefined): Mapped {
  switch (status) {
    case 401:
      return {
        code: ErrorCode.UpstreamAuthFailed,
        detail: 'The helpdesk refused the gateway credentials',
      };
    case 403:
      return {
        code: ErrorCode.UpstreamAccessDenied,
        detail: 'The helpdesk denied access to this resource',
      };
    case 404:
      return {
        code: ErrorCode.NotFound,
        detail: subject ? `No ${subject}` : 'The record does not exist',
      };
    case 409:
      return { code: ErrorCode.Conflict, detail: 'The record already exists' };
    case 412:
      return {
        code: ErrorCode.PreconditionFailed,
        detail: 'The record was changed by someone else',
      };
    case 413:
      return {
        code: ErrorCode.PayloadTooLarge,
        detail: 'The helpdesk refused the size of the request',
      };
    case 429:
      return { code: ErrorCode.UpstreamRateLimited, detail: 'The helpdesk is throttling requests' };
    case 503:
      return { code: ErrorCode.UpstreamUnavailable, detail: 'The helpdesk is unavailable' };
    case 504:
      return { code: ErrorCode.UpstreamTimeout, detail: 'The helpdesk timed out' };
  }
  // The contract names the refusals (400, 405, 406, 415, documented by Cloud Elements); any other
  // status is unexpected, a 4xx included, and is the helpdesk's failure rather than the caller's.
  if (REFUSALS.has(status)) {
    return { code: ErrorCode.UpstreamRejected, detail: 'The helpdesk rejected the request' };
  }
  return { code: ErrorCode.UpstreamError, detail: 'The helpdesk failed to handle the request' };
}
