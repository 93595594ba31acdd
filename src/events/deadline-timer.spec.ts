import { jest } from '@jest/globals';
import { armDeadline, credentialsDeadline, MAX_TIMER_DELAY_MS } from './deadline-timer.js';

const DAY_MS = 86_400_000;

describe(armDeadline.name, () => {
  beforeEach(() => {
    jest.useFakeTimers({ now: Date.UTC(2026, 0, 1) });
  });

  afterEach(() => {
    jest.useRealTimers();
  });

  it('should call back at a near deadline and not before', () => {
    const reached = jest.fn();
    armDeadline(Date.now() + 2000, reached);

    jest.advanceTimersByTime(1999);
    expect(reached).not.toHaveBeenCalled();
    jest.advanceTimersByTime(1);
    expect(reached).toHaveBeenCalledTimes(1);
  });

  it.each([30, 365, 3650])(
    'should wait for a deadline %i days ahead, past the longest single timer',
    (days) => {
      const reached = jest.fn();
      const at = Date.now() + days * DAY_MS;
      armDeadline(at, reached);

      jest.advanceTimersByTime(1000);
      expect(reached).not.toHaveBeenCalled();
      jest.advanceTimersByTime(at - Date.now() - 1);
      expect(reached).not.toHaveBeenCalled();
      jest.advanceTimersByTime(1);
      expect(reached).toHaveBeenCalledTimes(1);
      expect(Date.now()).toBe(at);
      expect(jest.getTimerCount()).toBe(0);
    },
  );

  it('should never arm a timer longer than Node allows', () => {
    const spy = jest.spyOn(globalThis, 'setTimeout');
    try {
      armDeadline(Date.now() + 400 * DAY_MS, () => undefined);
      jest.advanceTimersByTime(100 * DAY_MS);
      const delays = spy.mock.calls.map((call) => call[1] ?? 0);
      expect(delays.length).toBeGreaterThan(1);
      expect(Math.max(...delays)).toBeLessThanOrEqual(MAX_TIMER_DELAY_MS);
    } finally {
      spy.mockRestore();
    }
  });

  it.each<[string, number]>([
    ['an exp of 1e308 seconds', 1e308 * 1000],
    ['an infinite time', Infinity],
    ['a time that is not a number', NaN],
  ])('should never call back for %s', (_case, at) => {
    const reached = jest.fn();
    armDeadline(at, reached);

    jest.advanceTimersByTime(1000 * DAY_MS);
    expect(reached).not.toHaveBeenCalled();
    expect(jest.getTimerCount()).toBe(0);
  });

  it('should follow the clock when it moves while waiting', () => {
    let clock = 0;
    const reached = jest.fn();
    armDeadline(40 * DAY_MS, reached, () => clock);

    clock = 39 * DAY_MS;
    jest.advanceTimersByTime(MAX_TIMER_DELAY_MS);
    expect(reached).not.toHaveBeenCalled();
    jest.advanceTimersByTime(DAY_MS - 1);
    expect(reached).not.toHaveBeenCalled();
    jest.advanceTimersByTime(1);
    expect(reached).toHaveBeenCalledTimes(1);
  });

  it('should not call back once cancelled, even between re-armed timers', () => {
    const reached = jest.fn();
    const deadline = armDeadline(Date.now() + 60 * DAY_MS, reached);

    jest.advanceTimersByTime(MAX_TIMER_DELAY_MS + 1000);
    deadline.cancel();
    jest.advanceTimersByTime(60 * DAY_MS);
    expect(reached).not.toHaveBeenCalled();
    expect(jest.getTimerCount()).toBe(0);
  });
});

describe(credentialsDeadline.name, () => {
  it('should end a stream once the clock skew after the expiry has passed', () => {
    expect(credentialsDeadline(1_000_000, 30)).toBe(1_030_000);
  });

  it('should end a stream at the expiry itself without a clock skew', () => {
    expect(credentialsDeadline(1_000_000, 0)).toBe(1_000_000);
  });
});
