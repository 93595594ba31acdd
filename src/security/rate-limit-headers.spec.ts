import { rateLimitHeaders } from './rate-limit-headers.js';

describe(rateLimitHeaders.name, () => {
  it('should report the budget closest to running out and list every policy', () => {
    expect(
      rateLimitHeaders([
        { limit: 600, windowSeconds: 60, remaining: 420, msUntilFull: 18_000 },
        { limit: 3000, windowSeconds: 60, remaining: 12, msUntilFull: 59_001 },
      ]),
    ).toEqual({
      'ratelimit-limit': '3000',
      'ratelimit-remaining': '12',
      'ratelimit-reset': '60',
      'ratelimit-policy': '600;w=60, 3000;w=60',
    });
  });

  it('should prefer the client budget on a tie', () => {
    const headers = rateLimitHeaders([
      { limit: 5, windowSeconds: 10, remaining: 0, msUntilFull: 10_000 },
      { limit: 50, windowSeconds: 10, remaining: 0, msUntilFull: 1_000 },
    ]);
    expect(headers['ratelimit-limit']).toBe('5');
    expect(headers['ratelimit-reset']).toBe('10');
  });

  it('should never report more remaining than the limit', () => {
    const headers = rateLimitHeaders([
      { limit: 10_000_000, windowSeconds: 1, remaining: 10_000_001, msUntilFull: 0 },
      { limit: 100_000_000, windowSeconds: 1, remaining: 100_000_000, msUntilFull: 0 },
    ]);
    expect(headers['ratelimit-limit']).toBe('10000000');
    expect(headers['ratelimit-remaining']).toBe('10000000');
  });
});
