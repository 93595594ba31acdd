import { BudgetLeases } from './budget-leases.js';
import type { BudgetState } from './rate-limit-headers.js';

const budgets = (remaining: number, msUntilFull: number): BudgetState[] => [
  { limit: 600, windowSeconds: 60, remaining, msUntilFull },
  { limit: 3000, windowSeconds: 60, remaining: remaining + 100, msUntilFull: msUntilFull / 5 },
];
const INTERVALS = [100, 20];

describe('BudgetLeases', () => {
  it('should spend a granted lease locally and report the unused tokens as remaining', () => {
    const leases = new BudgetLeases(1000);
    const granted = leases.grant('c|t', 4, budgets(500, 10_000), INTERVALS, 0);
    expect(granted.map((b) => b.remaining)).toEqual([504, 604]);
    expect(leases.take('c|t', 1, 10)?.map((b) => b.remaining)).toEqual([503, 603]);
    const view = leases.take('c|t', 0.2, 20) as BudgetState[];
    expect(view.map((b) => b.remaining)).toEqual([502, 602]);
    // 2.8 unused tokens at 100 ms each are time the budget no longer needs to refill.
    expect(view[0]?.msUntilFull).toBeCloseTo(10_000 - 20 - 280, 6);
  });

  it("should refuse to spend more than the lease holds, or another pair's lease", () => {
    const leases = new BudgetLeases(1000);
    leases.grant('c|t', 1, budgets(10, 0), INTERVALS, 0);
    expect(leases.take('other|t', 1, 0)).toBeUndefined();
    expect(leases.take('c|t', 1, 0)).toBeDefined();
    expect(leases.take('c|t', 0.2, 0)).toBeUndefined();
  });

  it('should stop spending a lease once its lifetime is over and hand back its tokens', () => {
    const leases = new BudgetLeases(1000);
    leases.grant('a|t', 3, budgets(100, 0), INTERVALS, 0);
    leases.grant('b|t', 2, budgets(100, 0), INTERVALS, 500);
    expect(leases.take('a|t', 1, 1000)).toBeUndefined();
    expect(leases.expire(1000)).toEqual([{ pair: 'a|t', tokens: 3 }]);
    expect(leases.expire(1000, true)).toEqual([{ pair: 'b|t', tokens: 2 }]);
    expect(leases.expire(5000, true)).toEqual([]);
  });

  it('should take refunds into a live lease only', () => {
    const leases = new BudgetLeases(1000);
    expect(leases.giveBack('c|t', 0.8, 0)).toBeUndefined();
    leases.grant('c|t', 0, budgets(10, 0), INTERVALS, 0);
    expect(leases.giveBack('c|t', 0.8, 0)).toBeUndefined();
    leases.grant('c|t', 1, budgets(10, 0), INTERVALS, 0);
    expect(leases.take('c|t', 1, 0)).toBeDefined();
    expect(leases.giveBack('c|t', 0.8, 1)?.[0]?.remaining).toBe(10);
    expect(leases.take('c|t', 0.8, 2)).toBeDefined();
  });

  it('should keep the tokens left in a previous lease when a new one is granted', () => {
    const leases = new BudgetLeases(1000);
    leases.grant('c|t', 1.5, budgets(10, 0), INTERVALS, 0);
    expect(leases.take('c|t', 1, 0)).toBeDefined();
    leases.grant('c|t', 2, budgets(8, 0), INTERVALS, 100);
    expect(leases.expire(0, true)).toEqual([{ pair: 'c|t', tokens: 2.5 }]);
  });

  it('should not hold more pairs than its bound', () => {
    const leases = new BudgetLeases(1000, 2);
    leases.grant('a|t', 1, budgets(10, 0), INTERVALS, 0);
    leases.grant('b|t', 1, budgets(10, 0), INTERVALS, 0);
    expect(leases.grant('c|t', 5, budgets(10, 0), INTERVALS, 0)[0]?.remaining).toBe(10);
    expect(leases.take('c|t', 1, 0)).toBeUndefined();
  });
});
