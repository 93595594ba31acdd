/** The longest delay Node's timers take (about 24.8 days); a longer one fires at once. */
export const MAX_TIMER_DELAY_MS = 2 ** 31 - 1;

export interface DeadlineTimer {
  cancel(): void;
}

/**
 * Calls `onReached` once at the epoch-ms time `at`, however far ahead it is: a wait beyond what a
 * Node timer holds is made of several timers, each re-checking the clock. A time that is not a
 * finite number (a JWT `exp` of 1e308 is Infinity in ms) is never reached. The timers do not keep
 * the process alive.
 */
export function armDeadline(
  at: number,
  onReached: () => void,
  now: () => number = Date.now,
): DeadlineTimer {
  let timer: NodeJS.Timeout | undefined;
  const arm = (): void => {
    const remaining = at - now();
    timer =
      remaining > MAX_TIMER_DELAY_MS
        ? setTimeout(arm, MAX_TIMER_DELAY_MS)
        : setTimeout(onReached, Math.max(0, remaining));
    timer.unref();
  };
  if (Number.isFinite(at)) {
    arm();
  }
  return { cancel: () => clearTimeout(timer) };
}

/**
 * When a stream opened with credentials that expire at `expiresAt` (epoch ms) must end: once they
 * would no longer be accepted, i.e. after the clock skew tolerated when checking them.
 */
export function credentialsDeadline(expiresAt: number, clockSkewSeconds: number): number {
  return expiresAt + Math.max(0, clockSkewSeconds) * 1000;
}
