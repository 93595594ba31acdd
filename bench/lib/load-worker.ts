import autocannon from 'autocannon';
import { LoadRecorder } from './load-recorder.js';
import type { LoadResult, LoadSpec, WorkerReply, WorkerRequest } from './load-spec.js';
import { runPaced } from './paced-load.js';
import { percentile } from './stats.js';

/**
 * The load generator: a separate process (pinned to one CPU by the harness). A spec with a rate
 * runs open loop, paced evenly (paced-load.ts); any other runs closed loop with autocannon. Both
 * answer with exact latency percentiles and a per-bucket timeline.
 */
async function run(spec: LoadSpec): Promise<LoadResult> {
  const recorder = new LoadRecorder(spec.bucketMs);
  if (spec.rate !== undefined) {
    const { sendingSec, lateMs } = await runPaced(spec, recorder);
    const sorted = lateMs.sort((a, b) => a - b);
    return {
      ...recorder.result(sendingSec),
      sendLate: { p99: percentile(sorted, 99), max: sorted.at(-1) ?? Number.NaN },
    };
  }
  const result = await closedLoop(spec, recorder);
  recorder.overrideFailures(result.errors, result.timeouts);
  return recorder.result(result.duration);
}

function closedLoop(spec: LoadSpec, recorder: LoadRecorder): Promise<autocannon.Result> {
  const shapes = spec.requests;
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: spec.origin,
        connections: spec.connections,
        duration: spec.durationSec ?? 10,
        amount: spec.amount,
        timeout: spec.timeoutSec ?? 10,
        // Every shape is built once and each connection cycles through them. A shared counter
        // with `setupRequest` rebuilds every request: against the bare server with 10 shapes at
        // c=50 that managed 22–32k req/s where prebuilt ones reach 34–40k (4 pairs), and it takes
        // CPU the servers share.
        requests: shapes.map((shape) => ({
          ...shape,
          method: (shape.method ?? 'GET') as autocannon.Request['method'],
        })),
      },
      (error: Error | null, result: autocannon.Result) => {
        if (error) {
          reject(error);
        } else {
          resolve(result);
        }
      },
    );
    const emitter = instance as unknown as NodeJS.EventEmitter;
    emitter.on('response', (_client: unknown, code: number, _bytes: number, ms: number) => {
      recorder.response(code, ms);
    });
    emitter.on('reqError', () => {
      recorder.failure(false);
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
