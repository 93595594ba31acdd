export interface BudgetState {
  limit: number;
  windowSeconds: number;
  remaining: number;
  msUntilFull: number;
}

/**
 * The IETF draft rate limit fields (draft-ietf-httpapi-ratelimit-headers): `RateLimit-Limit`,
 * `-Remaining` and `-Reset` for the budget closest to running out, and `RateLimit-Policy` listing
 * every budget (client first, then tenant). Reset is the seconds until that budget is full again.
 */
export function rateLimitHeaders(
  budgets: BudgetState[],
  policy = rateLimitPolicy(budgets),
): Record<string, string> {
  const tightest = budgets.reduce((a, b) => (b.remaining < a.remaining ? b : a));
  return {
    'ratelimit-limit': String(tightest.limit),
    // Never more than the limit: with budgets of thousands a second the Redis clock's ms cannot
    // resolve one request's share, and leased tokens added back could read past the limit.
    'ratelimit-remaining': String(Math.min(tightest.limit, tightest.remaining)),
    'ratelimit-reset': String(Math.ceil(tightest.msUntilFull / 1000)),
    'ratelimit-policy': policy,
  };
}

/** `RateLimit-Policy`: every budget's limit and window, which only the configuration changes. */
export function rateLimitPolicy(budgets: Pick<BudgetState, 'limit' | 'windowSeconds'>[]): string {
  return budgets.map((b) => `${b.limit};w=${b.windowSeconds}`).join(', ');
}
