import { pendingClaimTtlMs } from './pending-claim.js';

describe('pendingClaimTtlMs', () => {
  it('should outlive the longest allowed request deadline by the margin', () => {
    expect(pendingClaimTtlMs(300_000)).toBe(330_000);
    expect(pendingClaimTtlMs(120_000)).toBe(150_000);
  });

  it('should always be longer than the request deadline', () => {
    for (const deadline of [1, 6_000, 45_000, 60_000, 299_999, 300_000]) {
      expect(pendingClaimTtlMs(deadline)).toBeGreaterThan(deadline);
    }
  });

  it('should keep at least a minute for short deadlines', () => {
    expect(pendingClaimTtlMs(6_000)).toBe(60_000);
  });
});
