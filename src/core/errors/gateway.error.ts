import { ErrorCode } from './error-code.js';

export interface FieldError {
  field: string;
  message: string;
}

/** Upstream detail shown to internal callers only. */
export interface UpstreamErrorDetail {
  status?: number;
  requestId?: string;
  message?: string;
  providerMessage?: string;
}

export interface GatewayErrorOptions {
  cause?: unknown;
  retryAfterSeconds?: number;
  errors?: FieldError[];
  upstream?: UpstreamErrorDetail;
  /** Overrides the code's default, e.g. UPSTREAM_ERROR is retryable only for GET. */
  retryable?: boolean;
  headers?: Record<string, string>;
  /** Extra problem members (RFC 9457 §3.2), e.g. the readiness checks of a 503 from /health/ready. */
  extensions?: Record<string, unknown>;
  /**
   * A 5xx the gateway decided on its own (an open circuit, a pause) is logged at debug: its cause
   * was logged once when it began and each one is counted, so an outage does not flood the log.
   */
  expected?: boolean;
}

/** The one error type the gateway throws on purpose; the exception filter renders it. */
export class GatewayError extends Error {
  readonly retryAfterSeconds?: number;
  readonly errors?: FieldError[];
  readonly upstream?: UpstreamErrorDetail;
  readonly retryable?: boolean;
  readonly headers?: Record<string, string>;
  readonly extensions?: Record<string, unknown>;
  readonly expected: boolean;

  constructor(
    readonly code: ErrorCode,
    readonly detail: string,
    options: GatewayErrorOptions = {},
  ) {
    // A contract error is an answer (401, 404, an open circuit's 503), not a fault: nobody reads its
    // stack, and capturing one was a sixth of the CPU time of a 401 (bench/notes.md). An internal
    // error keeps its stack (the filter logs its cause's, or its own when it has no Error cause).
    const stackTraceLimit = Error.stackTraceLimit;
    if (code !== ErrorCode.InternalError) {
      Error.stackTraceLimit = 0;
    }
    super(detail, { cause: options.cause });
    Error.stackTraceLimit = stackTraceLimit;
    this.name = 'GatewayError';
    this.retryAfterSeconds = options.retryAfterSeconds;
    this.errors = options.errors;
    this.upstream = options.upstream;
    this.retryable = options.retryable;
    this.headers = options.headers;
    this.extensions = options.extensions;
    this.expected = options.expected ?? false;
  }
}
