import { UpstreamFailure, type UpstreamFailureDetails } from '../upstream-failure.js';
import { RetryBudget } from './retry-budget.js';
import { isRetryable, retryDelayMs, type RetrySettings } from './retry-policy.js';

const failure = (details: Partial<UpstreamFailureDetails>): UpstreamFailure =>
  new UpstreamFailure({ kind: 'status', phase: 'hub', method: 'GET', ...details });

describe(isRetryable.name, () => {
  it.each<[string, Partial<UpstreamFailureDetails>, boolean]>([
    ['502', { status: 502 }, true],
    ['503', { status: 503 }, true],
    ['504', { status: 504 }, true],
    ['429', { status: 429 }, true],
    ['500', { status: 500 }, false],
    ['404', { status: 404 }, false],
    ['400', { status: 400 }, false],
    ['a timeout', { kind: 'timeout' }, true],
    ['a reset', { kind: 'network', networkCode: 'ECONNRESET' }, true],
    ['an unreadable body', { kind: 'invalid-body' }, false],
  ])('should decide a GET that failed with %s: %s', (_label, details, expected) => {
    expect(isRetryable('GET', failure(details))).toBe(expected);
  });

  it('should never retry POST or PATCH, and retry DELETE', () => {
    expect(isRetryable('POST', failure({ status: 503 }))).toBe(false);
    expect(isRetryable('PATCH', failure({ kind: 'timeout' }))).toBe(false);
    expect(isRetryable('DELETE', failure({ status: 503 }))).toBe(true);
  });
});

describe(retryDelayMs.name, () => {
  const settings: RetrySettings = {
    maxRetries: 2,
    baseDelayMs: 100,
    maxDelayMs: 1000,
    maxRetryAfterMs: 5000,
  };

  it('should stay between the base and three times the previous delay, capped', () => {
    expect(retryDelayMs(settings, 0, undefined, () => 0)).toBe(100);
    expect(retryDelayMs(settings, 200, undefined, () => 1)).toBe(600);
    expect(retryDelayMs(settings, 900, undefined, () => 1)).toBe(1000);
    for (let i = 0; i < 100; i++) {
      const delay = retryDelayMs(settings, 300, undefined);
      expect(delay).toBeGreaterThanOrEqual(100);
      expect(delay).toBeLessThanOrEqual(900);
    }
  });

  it('should wait at least the Retry-After', () => {
    expect(retryDelayMs(settings, 0, 2, () => 0)).toBe(2000);
  });
});

describe(RetryBudget.name, () => {
  it('should allow retries up to its size, then only as traffic earns them', () => {
    const budget = new RetryBudget(0.1, 2);
    expect([budget.tryRetry(), budget.tryRetry(), budget.tryRetry()]).toEqual([true, true, false]);
    for (let i = 0; i < 9; i++) {
      budget.recordRequest();
    }
    expect(budget.tryRetry()).toBe(false);
    budget.recordRequest();
    expect(budget.tryRetry()).toBe(true);
  });
});
