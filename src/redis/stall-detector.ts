/** Command timeouts in a row (nothing answered between them) that mark Redis as not answering. */
export const STALL_TIMEOUTS = 3;
/** While Redis is marked so, commands are skipped and a probe is sent this often. */
export const STALL_PROBE_MS = 1000;

/**
 * Tells when a connected Redis has stopped answering (paused, blocked by a slow script, a network
 * path that drops packets without resetting the connection). The connection still looks ready, so
 * without this every command would wait the full command timeout, several times per request.
 * Once stalled, callers skip Redis at once until something answers (a probe, see RedisService).
 */
export class StallDetector {
  private timeoutsInRow = 0;

  constructor(private readonly threshold = STALL_TIMEOUTS) {}

  get stalled(): boolean {
    return this.timeoutsInRow >= this.threshold;
  }

  /** Redis answered (a reply or a reply error): whatever was pending, it is back. */
  answered(): void {
    this.timeoutsInRow = 0;
  }

  /** A command timed out; true when this one marks Redis as stalled. */
  timedOut(): boolean {
    this.timeoutsInRow++;
    return this.timeoutsInRow === this.threshold;
  }
}
