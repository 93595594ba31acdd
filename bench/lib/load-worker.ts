import autocannon from 'autocannon';
import type {
  LoadResult,
  LoadSpec,
  TimelineBucket,
  WorkerReply,
  WorkerRequest,
} from './load-spec.js';
import { percentile } from './stats.js';

/**
 * The load generator: a separate process (pinned to one CPU by the harness) that runs autocannon
 * for each spec it is sent and answers with exact latency percentiles and a per-bucket timeline.
 */
function run(spec: LoadSpec): Promise<LoadResult> {
  const bucketMs = spec.bucketMs ?? 1000;
  const latencies: number[] = [];
  const status: Record<string, number> = {};
  const buckets = new Map<number, TimelineBucket>();
  const bucket = (now: number): TimelineBucket => {
    const at = now - (now % bucketMs);
    let b = buckets.get(at);
    if (!b) {
      b = { at, ok: 0, other: 0, errors: 0, maxMs: 0 };
      buckets.set(at, b);
    }
    return b;
  };
  let next = 0;
  const shapes = spec.requests;
  return new Promise((resolve, reject) => {
    const startedAt = Date.now();
    const started = performance.now();
    const instance = autocannon(
      {
        url: spec.origin,
        connections: spec.connections,
        duration: spec.durationSec ?? 10,
        amount: spec.amount,
        overallRate: spec.rate,
        timeout: spec.timeoutSec ?? 10,
        // One shape is sent as a prebuilt buffer; several are set up per request (a little dearer).
        requests:
          shapes.length === 1
            ? [
                {
                  ...shapes[0],
                  method: (shapes[0]?.method ?? 'GET') as autocannon.Request['method'],
                },
              ]
            : [
                {
                  setupRequest: (request: autocannon.Request) => {
                    const shape = shapes[next++ % shapes.length];
                    return {
                      ...request,
                      ...shape,
                      method: shape?.method ?? 'GET',
                    } as autocannon.Request;
                  },
                },
              ],
      },
      (error: Error | null, result: autocannon.Result) => {
        if (error) {
          reject(error);
          return;
        }
        const elapsedSec = (performance.now() - started) / 1000;
        latencies.sort((a, b) => a - b);
        const responses = latencies.length;
        const sum = latencies.reduce((a, b) => a + b, 0);
        resolve({
          responses,
          elapsedSec,
          rps: responses / Math.max(0.001, result.duration || elapsedSec),
          status,
          ok: Object.entries(status)
            .filter(([code]) => code.startsWith('2'))
            .reduce((total, [, count]) => total + count, 0),
          errors: result.errors,
          timeouts: result.timeouts,
          latency: {
            p50: percentile(latencies, 50),
            p90: percentile(latencies, 90),
            p99: percentile(latencies, 99),
            max: responses > 0 ? (latencies[responses - 1] as number) : Number.NaN,
            mean: responses > 0 ? sum / responses : Number.NaN,
          },
          timeline: [...buckets.values()].sort((a, b) => a.at - b.at),
          startedAt,
        });
      },
    );
    const emitter = instance as unknown as NodeJS.EventEmitter;
    emitter.on('response', (_client: unknown, code: number, _bytes: number, ms: number) => {
      latencies.push(ms);
      status[code] = (status[code] ?? 0) + 1;
      const b = bucket(Date.now());
      if (code >= 200 && code < 300) {
        b.ok++;
      } else {
        b.other++;
      }
      b.maxMs = Math.max(b.maxMs, ms);
    });
    emitter.on('reqError', () => {
      bucket(Date.now()).errors++;
    });
  });
}

process.on('message', (message: WorkerRequest) => {
  if ('stop' in message) {
    process.disconnect();
    return;
  }
  run(message.spec).then(
    (result) => process.send?.({ id: message.id, result } satisfies WorkerReply),
    (error: unknown) =>
      process.send?.({ id: message.id, error: String(error) } satisfies WorkerReply),
  );
});
