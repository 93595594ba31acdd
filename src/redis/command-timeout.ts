/** The error a command that outlived its timeout rejects with. */
export class CommandTimeoutError extends Error {
  constructor(ms: number) {
    super(`Redis command timed out after ${ms} ms`);
    this.name = 'CommandTimeoutError';
  }
}

/**
 * The command's result, or a rejection once `ms` have passed without one.
 *
 * When the event loop was blocked for longer than `ms` (a long GC pause, a slow synchronous task),
 * the timer runs before the socket is read, even if Redis answered in time. So the verdict waits
 * for the check phase (`setImmediate`), after the poll phase has read any reply already received:
 * such a reply wins instead of counting as a timeout.
 */
export function withinTimeout<T>(command: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      setImmediate(() => reject(new CommandTimeoutError(ms)));
    }, ms);
    command.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

/**
 * ioredis's own command timeout, kept only as a backstop for the few commands not sent through
 * `withinTimeout` (connection set-up, tracking checks): it rejects in the timer phase, so it would
 * turn a reply delayed by a blocked loop into a timeout if it were as short as the real one.
 */
export function backstopTimeoutMs(commandTimeoutMs: number): number {
  return Math.max(1000, commandTimeoutMs * 10);
}
