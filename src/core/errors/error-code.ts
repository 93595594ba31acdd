import { HttpStatus } from '@nestjs/common';

/** The closed list of error codes callers branch on (api-contract §5). Never rename one. */
export enum ErrorCode {
  ValidationFailed = 'VALIDATION_FAILED',
  Unauthenticated = 'UNAUTHENTICATED',
  Forbidden = 'FORBIDDEN',
  NotFound = 'NOT_FOUND',
  MethodNotAllowed = 'METHOD_NOT_ALLOWED',
  NotAcceptable = 'NOT_ACCEPTABLE',
  Conflict = 'CONFLICT',
  PreconditionFailed = 'PRECONDITION_FAILED',
  PayloadTooLarge = 'PAYLOAD_TOO_LARGE',
  UnsupportedMediaType = 'UNSUPPORTED_MEDIA_TYPE',
  UpstreamRejected = 'UPSTREAM_REJECTED',
  RateLimited = 'RATE_LIMITED',
  InternalError = 'INTERNAL_ERROR',
  UpstreamAuthFailed = 'UPSTREAM_AUTH_FAILED',
  UpstreamAccessDenied = 'UPSTREAM_ACCESS_DENIED',
  UpstreamError = 'UPSTREAM_ERROR',
  UpstreamUnavailable = 'UPSTREAM_UNAVAILABLE',
  UpstreamRateLimited = 'UPSTREAM_RATE_LIMITED',
  UpstreamTimeout = 'UPSTREAM_TIMEOUT',
}

export interface ErrorCodeInfo {
  status: HttpStatus;
  title: string;
  /** Whether a caller may retry the same request unchanged (UPSTREAM_ERROR: only for GET). */
  retryable: boolean;
}

export const ERROR_CODES: Record<ErrorCode, ErrorCodeInfo> = {
  [ErrorCode.ValidationFailed]: {
    status: 400,
    title: 'Request validation failed',
    retryable: false,
  },
  [ErrorCode.Unauthenticated]: { status: 401, title: 'Authentication required', retryable: false },
  [ErrorCode.Forbidden]: { status: 403, title: 'Forbidden', retryable: false },
  [ErrorCode.NotFound]: { status: 404, title: 'Resource not found', retryable: false },
  [ErrorCode.MethodNotAllowed]: { status: 405, title: 'Method not allowed', retryable: false },
  [ErrorCode.NotAcceptable]: { status: 406, title: 'Not acceptable', retryable: false },
  [ErrorCode.Conflict]: { status: 409, title: 'Conflict', retryable: false },
  [ErrorCode.PreconditionFailed]: { status: 412, title: 'Precondition failed', retryable: false },
  [ErrorCode.PayloadTooLarge]: { status: 413, title: 'Payload too large', retryable: false },
  [ErrorCode.UnsupportedMediaType]: {
    status: 415,
    title: 'Unsupported media type',
    retryable: false,
  },
  [ErrorCode.UpstreamRejected]: {
    status: 422,
    title: 'Request rejected by the helpdesk',
    retryable: false,
  },
  [ErrorCode.RateLimited]: { status: 429, title: 'Rate limit exceeded', retryable: true },
  [ErrorCode.InternalError]: { status: 500, title: 'Internal error', retryable: false },
  // 502: the gateway's own credentials or configuration failed, not the caller's.
  [ErrorCode.UpstreamAuthFailed]: {
    status: 502,
    title: 'Helpdesk authentication failed',
    retryable: false,
  },
  [ErrorCode.UpstreamAccessDenied]: {
    status: 502,
    title: 'Helpdesk access denied',
    retryable: false,
  },
  [ErrorCode.UpstreamError]: { status: 502, title: 'Helpdesk error', retryable: false },
  [ErrorCode.UpstreamUnavailable]: {
    status: 503,
    title: 'Helpdesk unavailable',
    retryable: true,
  },
  [ErrorCode.UpstreamRateLimited]: {
    status: 503,
    title: 'Helpdesk rate limit reached',
    retryable: true,
  },
  [ErrorCode.UpstreamTimeout]: { status: 504, title: 'Helpdesk timed out', retryable: true },
};

/** `/problems/not-found` for NOT_FOUND: the problem type URI, relative to the gateway. */
export function problemType(code: ErrorCode): string {
  return `/problems/${code.toLowerCase().replace(/_/g, '-')}`;
}
