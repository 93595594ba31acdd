import type { UpstreamMethod } from '../upstream-call.js';
import { UpstreamFailure } from '../upstream-failure.js';
import type { RetryBudget } from './retry-budget.js';
import { isRetryable, retryDelayMs, type RetrySettings } from './retry-policy.js';

export interface RetryContext {
  method: UpstreamMethod;
  deadlineAt: number;
  settings: RetrySettings;
  budget: RetryBudget;
  /** Whether the request body can be sent again (a consumed upload stream cannot). */
  replayable: boolean;
  onRetry(delayMs: number, failure: UpstreamFailure): void;
  /** The upstream said 429: pause the tenant before deciding whether to wait it out. */
  onThrottled(retryAfterSeconds: number | undefined): void;
}

/** Shortest attempt worth starting before the deadline. */
const MIN_ATTEMPT_MS = 50;

/** Repeats `attempt` on transient failures of idempotent calls, within the deadline and the budget. */
export async function withRetries<T>(context: RetryContext, attempt: () => Promise<T>): Promise<T> {
  context.budget.recordRequest();
  let delay = 0;
  for (let retries = 0; ; retries++) {
    try {
      return await attempt();
    } catch (error) {
      if (!(error instanceof UpstreamFailure)) {
        throw error;
      }
      const retryAfter = error.details.retryAfterSeconds;
      if (error.details.status === 429) {
        context.onThrottled(retryAfter);
        if ((retryAfter ?? 0) * 1000 > context.settings.maxRetryAfterMs) {
          throw error;
        }
      }
      const canRetry =
        context.replayable &&
        retries < context.settings.maxRetries &&
        isRetryable(context.method, error);
      delay = retryDelayMs(context.settings, delay, retryAfter);
      if (
        !canRetry ||
        Date.now() + delay + MIN_ATTEMPT_MS > context.deadlineAt ||
        !context.budget.tryRetry()
      ) {
        throw error;
      }
      context.onRetry(delay, error);
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}
