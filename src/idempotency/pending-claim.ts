/** How long a claim outlives the longest request it stands for (Redis and clock latitude). */
export const PENDING_CLAIM_MARGIN_MS = 30_000;
/** The shortest claim, whatever the deadline. */
export const PENDING_CLAIM_MIN_MS = 60_000;

/**
 * How long the "pending" claim of an Idempotency-Key lives: longer than any request can run
 * (REQUEST_DEADLINE_MS, which bounds every upstream attempt too), so a repeat never finds the key
 * free and writes a second time while the first request is still writing.
 */
export function pendingClaimTtlMs(requestDeadlineMs: number): number {
  return Math.max(PENDING_CLAIM_MIN_MS, requestDeadlineMs + PENDING_CLAIM_MARGIN_MS);
}
