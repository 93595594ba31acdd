const SCALE = 1000;

/**
 * A token bucket that keeps retries to a share of the traffic: each first attempt earns `ratio`
 * tokens, each retry spends one. Under a broad outage retries dry up instead of multiplying load
 * (Amazon Builders' Library, "Timeouts, retries and backoff with jitter"). Counted in thousandths
 * so that ten requests at 0.1 earn exactly one retry.
 */
export class RetryBudget {
  private readonly earn: number;
  private readonly capacity: number;
  private tokens: number;

  constructor(ratio: number, maxTokens: number) {
    this.earn = Math.round(ratio * SCALE);
    this.capacity = maxTokens * SCALE;
    this.tokens = this.capacity;
  }

  recordRequest(): void {
    this.tokens = Math.min(this.capacity, this.tokens + this.earn);
  }

  /** Spends a token when one is left. */
  tryRetry(): boolean {
    if (this.tokens < SCALE) {
      return false;
    }
    this.tokens -= SCALE;
    return true;
  }
}
