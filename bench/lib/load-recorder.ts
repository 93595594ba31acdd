import type { LoadResult, TimelineBucket } from './load-spec.js';
import { percentile } from './stats.js';

/** What one load run saw: every response's latency and status, errors, and a per-bucket timeline. */
export class LoadRecorder {
  private readonly latencies: number[] = [];
  private readonly status: Record<string, number> = {};
  private readonly buckets = new Map<number, TimelineBucket>();
  private errors = 0;
  private timeouts = 0;
  readonly startedAt = Date.now();
  private readonly started = performance.now();

  constructor(private readonly bucketMs = 1000) {}

  response(code: number, ms: number): void {
    this.latencies.push(ms);
    this.status[code] = (this.status[code] ?? 0) + 1;
    const b = this.bucket();
    if (code >= 200 && code < 300) {
      b.ok++;
    } else {
      b.other++;
    }
    b.maxMs = Math.max(b.maxMs, ms);
  }

  /** A request that got no response; `timedOut` when the load generator's timeout ended it. */
  failure(timedOut: boolean): void {
    this.errors++;
    if (timedOut) {
      this.timeouts++;
    }
    this.bucket().errors++;
  }

  /** Counts from autocannon's own result, which sees errors the per-response events do not. */
  overrideFailures(errors: number, timeouts: number): void {
    this.errors = errors;
    this.timeouts = timeouts;
  }

  /** `durationSec`: the length of the run as the generator timed it, when it knows better. */
  result(durationSec?: number): LoadResult {
    const elapsedSec = (performance.now() - this.started) / 1000;
    const sorted = [...this.latencies].sort((a, b) => a - b);
    const responses = sorted.length;
    const sum = sorted.reduce((a, b) => a + b, 0);
    return {
      responses,
      elapsedSec,
      rps: responses / Math.max(0.001, durationSec || elapsedSec),
      status: this.status,
      ok: Object.entries(this.status)
        .filter(([code]) => code.startsWith('2'))
        .reduce((total, [, count]) => total + count, 0),
      errors: this.errors,
      timeouts: this.timeouts,
      latency: {
        p50: percentile(sorted, 50),
        p90: percentile(sorted, 90),
        p99: percentile(sorted, 99),
        max: responses > 0 ? (sorted[responses - 1] as number) : Number.NaN,
        mean: responses > 0 ? sum / responses : Number.NaN,
      },
      timeline: [...this.buckets.values()].sort((a, b) => a.at - b.at),
      startedAt: this.startedAt,
    };
  }

  private bucket(): TimelineBucket {
    const now = Date.now();
    const at = now - (now % this.bucketMs);
    let b = this.buckets.get(at);
    if (!b) {
      b = { at, ok: 0, other: 0, errors: 0, maxMs: 0 };
      this.buckets.set(at, b);
    }
    return b;
  }
}
