import { Pool, errors } from 'undici';
import type { LoadRecorder } from './load-recorder.js';
import type { LoadSpec } from './load-spec.js';

/**
 * Open loop at a fixed rate: request k is due at start + k / rate, whatever happened to the ones
 * before it. Its latency runs from when it is handed to the client, so time queued behind busy
 * connections counts; the generator's own timer lateness (how late it woke up to send, reported
 * apart) does not, since it is this process's scheduling, not the server's. autocannon's
 * `overallRate` is not an open loop: it is a per-second quota that each connection spends back to
 * back before it waits for the next second, a closed loop at full speed for part of every second.
 */
export async function runPaced(
  spec: LoadSpec,
  recorder: LoadRecorder,
): Promise<{ sendingSec: number; lateMs: number[] }> {
  const rate = spec.rate as number;
  const timeoutMs = (spec.timeoutSec ?? 10) * 1000;
  const pool = new Pool(spec.origin, {
    connections: spec.connections,
    pipelining: 1,
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
  });
  const intervalMs = 1000 / rate;
  const limit = spec.amount ?? Number.POSITIVE_INFINITY;
  const started = performance.now();
  const endAt = started + (spec.amount === undefined ? (spec.durationSec ?? 10) * 1000 : Infinity);
  const inFlight = new Set<Promise<void>>();
  let sent = 0;

  const lateMs: number[] = [];
  const send = (index: number): void => {
    const sentAt = performance.now();
    const shape = spec.requests[index % spec.requests.length];
    if (!shape) {
      return;
    }
    const call = pool
      .request({
        method: shape.method ?? 'GET',
        path: shape.path,
        headers: shape.headers,
        body: shape.body,
      })
      .then(async (response) => {
        await response.body.dump();
        recorder.response(response.statusCode, performance.now() - sentAt);
      })
      .catch((error: unknown) => {
        recorder.failure(
          error instanceof errors.HeadersTimeoutError || error instanceof errors.BodyTimeoutError,
        );
      })
      .finally(() => inFlight.delete(call));
    inFlight.add(call);
  };

  await new Promise<void>((resolve) => {
    const tick = (): void => {
      const now = performance.now();
      for (let due = started + sent * intervalMs; due <= now; due = started + sent * intervalMs) {
        if (sent >= limit || due >= endAt) {
          resolve();
          return;
        }
        lateMs.push(now - due);
        send(sent++);
      }
      // Node's timers fire at 1 ms granularity at best; requests that fell due meanwhile go together.
      setTimeout(tick, Math.max(0, Math.min(1, started + sent * intervalMs - now)));
    };
    tick();
  });
  const sendingSec = (performance.now() - started) / 1000;
  await Promise.all(inFlight);
  await pool.close();
  return { sendingSec, lateMs };
}
