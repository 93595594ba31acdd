import type { UpstreamMethod } from '../upstream-call.js';
import type { UpstreamFailure } from '../upstream-failure.js';

/** RFC 9110 §9.2.2: only these may be repeated; the gateway never repeats POST or PATCH. */
const IDEMPOTENT = new Set<UpstreamMethod>(['GET', 'DELETE']);
const RETRY_STATUSES = new Set([429, 502, 503, 504]);

export interface RetrySettings {
  maxRetries: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** A Retry-After longer than this is not waited for: the caller gets the error at once. */
  maxRetryAfterMs: number;
}

/** Whether a failed attempt may be tried again: idempotent method, transient failure. */
export function isRetryable(method: UpstreamMethod, failure: UpstreamFailure): boolean {
  if (!IDEMPOTENT.has(method)) {
    return false;
  }
  const { kind, status } = failure.details;
  return (
    kind === 'network' ||
    kind === 'timeout' ||
    (kind === 'status' && RETRY_STATUSES.has(status ?? 0))
  );
}

/**
 * Decorrelated jitter (AWS Architecture Blog, "Exponential Backoff and Jitter"):
 * `min(cap, random(base, previous × 3))`; a Retry-After from the upstream wins when it is longer.
 */
export function retryDelayMs(
  settings: RetrySettings,
  previousDelayMs: number,
  retryAfterSeconds: number | undefined,
  random: () => number = Math.random,
): number {
  const upper = Math.max(settings.baseDelayMs, previousDelayMs * 3);
  const jittered = Math.min(
    settings.maxDelayMs,
    settings.baseDelayMs + random() * (upper - settings.baseDelayMs),
  );
  return Math.max(jittered, (retryAfterSeconds ?? 0) * 1000);
}
