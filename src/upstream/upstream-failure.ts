export type UpstreamFailureKind = 'status' | 'timeout' | 'network' | 'invalid-body';

/** `hub` for helpdesk calls; `instance` for the element-token lookup with `GET /instances/{id}`. */
export type UpstreamPhase = 'hub' | 'instance';

export interface UpstreamFailureDetails {
  kind: UpstreamFailureKind;
  phase: UpstreamPhase;
  method: string;
  status?: number;
  retryAfterSeconds?: number;
  upstreamRequestId?: string;
  /** Cloud Elements' `message`; never the raw body. */
  ceMessage?: string;
  providerMessage?: string;
  /** What the call was about, e.g. "incident 00163E…" (see UpstreamCall.subject). */
  subject?: string;
  /** Node/undici error code for network failures, e.g. ECONNREFUSED. */
  networkCode?: string;
}

/** A typed description of what went wrong upstream, for the error layer to map to a code. */
export class UpstreamFailure extends Error {
  readonly details: UpstreamFailureDetails;

  constructor(details: UpstreamFailureDetails, cause?: unknown) {
    super(describe(details), { cause });
    this.name = 'UpstreamFailure';
    this.details = details;
  }
}

function describe(d: UpstreamFailureDetails): string {
  const what = d.phase === 'instance' ? 'instance lookup' : `${d.method} call`;
  switch (d.kind) {
    case 'status':
      return `Upstream ${what} answered ${d.status ?? '?'}`;
    case 'timeout':
      return `Upstream ${what} timed out`;
    case 'network':
      return `Upstream ${what} failed: ${d.networkCode ?? 'network error'}`;
    case 'invalid-body':
      return `Upstream ${what} returned a body that cannot be parsed`;
  }
}

const MAX_RETRY_AFTER_SECONDS = 3600;

/** Parses `Retry-After` as delta-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (!value) {
    return undefined;
  }
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) {
    return Math.min(Number(trimmed), MAX_RETRY_AFTER_SECONDS);
  }
  // An HTTP date always names its weekday and month; anything else ("-3", "1.5") is ignored.
  const date = /[A-Za-z]/.test(trimmed) ? Date.parse(trimmed) : Number.NaN;
  if (Number.isNaN(date)) {
    return undefined;
  }
  return Math.min(Math.max(0, Math.ceil((date - now) / 1000)), MAX_RETRY_AFTER_SECONDS);
}
