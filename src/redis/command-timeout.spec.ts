import { CommandTimeoutError, backstopTimeoutMs, withinTimeout } from './command-timeout.js';

describe('withinTimeout', () => {
  it('should resolve with the command result when it settles in time', async () => {
    await expect(withinTimeout(Promise.resolve('OK'), 50)).resolves.toBe('OK');
  });

  it('should pass on the command failure as it is', async () => {
    const failure = new Error('READONLY');
    await expect(withinTimeout(Promise.reject(failure), 50)).rejects.toBe(failure);
  });

  it('should reject with a timeout error when the command never settles', async () => {
    const never = new Promise<string>(() => undefined);
    await expect(withinTimeout(never, 20)).rejects.toThrow(CommandTimeoutError);
  });

  it('should let a result that arrives after the timer but before the verdict win', async () => {
    let answer: (value: string) => void = () => undefined;
    const command = new Promise<string>((resolve) => {
      answer = resolve;
    });
    const pending = withinTimeout(command, 10);
    // Both timers expire during the block and run in one timer phase, the verdict's first: the
    // answer comes after the timer, as a reply read in the poll phase does after a blocked loop.
    setTimeout(() => answer('late but there'), 10);
    const until = Date.now() + 30;
    while (Date.now() < until) {
      // blocked on purpose
    }
    await expect(pending).resolves.toBe('late but there');
  });
});

describe('backstopTimeoutMs', () => {
  it('should be at least a second and ten times the command timeout', () => {
    expect(backstopTimeoutMs(20)).toBe(1000);
    expect(backstopTimeoutMs(100)).toBe(1000);
    expect(backstopTimeoutMs(500)).toBe(5000);
  });
});
