import { ERROR_CODES, problemType } from './error-code.js';
import type { FieldError, GatewayError, UpstreamErrorDetail } from './gateway.error.js';

/** The RFC 9457 body every error response carries (api-contract §5). */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  code: string;
  detail: string;
  instance: string;
  requestId: string;
  retryable: boolean;
  retryAfterSeconds?: number;
  errors?: FieldError[];
  upstream?: UpstreamErrorDetail;
  [extension: string]: unknown;
}

export interface ProblemAudience {
  instance: string;
  requestId: string;
  /** Internal callers see the `upstream` block. */
  internal: boolean;
}

export function toProblemDetails(error: GatewayError, audience: ProblemAudience): ProblemDetails {
  const info = ERROR_CODES[error.code];
  const problem: ProblemDetails = {
    ...error.extensions,
    type: problemType(error.code),
    title: info.title,
    status: info.status,
    code: error.code,
    detail: error.detail,
    instance: audience.instance,
    requestId: audience.requestId,
    retryable: error.retryable ?? info.retryable,
  };
  if (error.retryAfterSeconds !== undefined) {
    problem.retryAfterSeconds = error.retryAfterSeconds;
  }
  if (error.errors && error.errors.length > 0) {
    problem.errors = error.errors;
  }
  if (audience.internal && error.upstream) {
    problem.upstream = stripUndefined(error.upstream);
  }
  return problem;
}

function stripUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
