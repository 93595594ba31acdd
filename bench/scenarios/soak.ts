import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { fmt, sendLate, spec, type BenchContext, type Row } from '../lib/context.js';
import { send, sleep } from '../lib/http.js';
import type { RequestSpec } from '../lib/load-spec.js';
import { sumOf } from '../lib/metrics.js';
import { gatewayHeaders, instanceId, tenantId } from '../lib/stack.js';
import type { LoopProbeReading } from '../lib/loop-probe.js';
import { median } from '../lib/stats.js';
import type { Scenario } from './scenario.js';

/**
 * `monitorEventLoopDelay` records the time between its timer's ticks, so an idle loop reads as its
 * resolution (prom-client's default 10 ms), not 0: the delay is the reading minus that
 * (prometheus/client_js#370, open-telemetry/opentelemetry-js-contrib#2794).
 */
const LOOP_RESOLUTION_MS = 10;
const LOOP_PROBE = pathToFileURL(join(import.meta.dirname, '../lib/loop-probe.js')).href;

interface Sample {
  at: number;
  rssBytes: number;
  heapBytes: number;
  loopP99Ms: number;
}

/**
 * 60 s at half the gateway's maximum rate for the same mix (measured just before): cached GETs of
 * 100 incidents (30 s TTL, so entries go stale and refresh during the soak) and one in ten with
 * Cache-Control: no-cache, which goes upstream. RSS and event-loop delay are sampled every second.
 */
export const soak: Scenario = {
  id: 'soak',
  title: 'Soak',
  async run(ctx: BenchContext): Promise<Row[]> {
    const { sandbox } = ctx;
    await sandbox.reset();
    const ids = (await sandbox.incidentIds(instanceId(0))).slice(0, 100);
    const loopFile = join(ctx.logDir, 'soak-loop-delay.json');
    const gateway = await ctx.startGateway(
      { HGW_BENCH_LOOP_FILE: loopFile },
      { name: 'gateway-soak', nodeArgs: ['--import', LOOP_PROBE] },
    );
    try {
      const requests: RequestSpec[] = ids.map((id, i) => ({
        path: `/v1/incidents/${id}`,
        headers:
          i % 10 === 9
            ? { ...gatewayHeaders(tenantId(0)), 'cache-control': 'no-cache' }
            : gatewayHeaders(tenantId(0)),
      }));
      for (const request of requests) {
        await send(`${gateway.origin}${request.path}`, { headers: request.headers });
      }
      const max = await ctx.load.run(
        spec(gateway.origin, requests, { connections: 32, durationSec: ctx.pick(5, 1) }),
      );
      const rate = Math.max(10, Math.round(max.rps / 2));
      const seconds = ctx.pick(60, 3);
      // prom-client's loop-delay histogram covers the time since the previous scrape: one now, so
      // the first one-second window does not also hold start-up and the max-rate run above.
      await gateway.metrics();
      const running = ctx.load.run(
        spec(gateway.origin, requests, { connections: 32, durationSec: seconds, rate }),
      );
      process.kill(gateway.proc.pid, 'SIGUSR2');
      const samples: Sample[] = [];
      const started = Date.now();
      while (Date.now() - started < seconds * 1000) {
        await sleep(1000);
        const metrics = await gateway.metrics();
        samples.push({
          at: Date.now() - started,
          rssBytes: rssOf(gateway.proc.pid),
          heapBytes: sumOf(metrics, 'hgw_nodejs_heap_size_used_bytes'),
          loopP99Ms: Math.max(
            0,
            sumOf(metrics, 'hgw_nodejs_eventloop_lag_p99_seconds') * 1000 - LOOP_RESOLUTION_MS,
          ),
        });
      }
      // Read before the load ends: an idle loop after it would only dilute the soak's p99.
      const whole = await readLoopProbe(gateway.proc.pid, loopFile);
      const result = await running;
      const warm = ctx.pick(5_000, 0);
      const span = ctx.pick(10_000, 1_000);
      const early = samples.filter((s) => s.at >= warm && s.at < warm + span);
      const late = samples.filter((s) => s.at > seconds * 1000 - span);
      const baseline = median(
        (early.length > 0 ? early : samples.slice(0, 1)).map((s) => s.rssBytes),
      );
      const end = median((late.length > 0 ? late : samples.slice(-1)).map((s) => s.rssBytes));
      const heapEarly = median(
        (early.length > 0 ? early : samples.slice(0, 1)).map((s) => s.heapBytes),
      );
      const heapLate = median((late.length > 0 ? late : samples.slice(-1)).map((s) => s.heapBytes));
      const loop = samples.map((s) => s.loopP99Ms);
      const mb = (bytes: number): string => fmt(bytes / 1024 / 1024, 1);
      return [
        {
          scenario: 'soak',
          measure: `RSS growth over ${seconds} s at half the max rate`,
          value: (end / baseline - 1) * 100,
          unit: '%',
          target: { op: '<=', value: 10 },
          detail: `${mb(baseline)} MB at ${warm / 1000}–${(warm + span) / 1000} s → ${mb(end)} MB in the last ${span / 1000} s (peak ${mb(Math.max(...samples.map((s) => s.rssBytes)))} MB); JS heap in use ${mb(heapEarly)} → ${mb(heapLate)} MB; ${fmt(rate, 0)} req/s of a measured max ${fmt(max.rps, 0)}; ${fmt(result.ok, 0)}/${fmt(result.responses, 0)} 2xx`,
        },
        {
          scenario: 'soak',
          measure: `event-loop delay p99 over the ${seconds} s soak`,
          value: Math.max(0, whole.p99Ms - LOOP_RESOLUTION_MS),
          unit: 'ms',
          target: { op: '<=', value: 20 },
          detail: `one monitorEventLoopDelay histogram from the first to the last second of load (${fmt(whole.samples, 0)} samples), less its ${LOOP_RESOLUTION_MS} ms resolution: p50 ${fmt(Math.max(0, whole.p50Ms - LOOP_RESOLUTION_MS), 2)} ms, longest stall ${fmt(whole.maxMs - LOOP_RESOLUTION_MS, 0)} ms; request p99 ${fmt(result.latency.p99, 2)} ms, open loop at an even ${fmt(rate, 0)} req/s; ${sendLate([result])}`,
        },
        {
          scenario: 'soak',
          measure: 'for information: event-loop delay p99 of the worst 1 s window',
          value: Math.max(...loop),
          unit: 'ms',
          target: { op: '<=', value: 20 },
          informational: true,
          detail: `median of the ${loop.length} one-second p99s ${fmt(median(loop), 2)} ms (prom-client's monitorEventLoopDelay p99 via /metrics, which starts over at each scrape, less its ${LOOP_RESOLUTION_MS} ms resolution): one stall in the minute sets this row`,
        },
      ];
    } finally {
      await gateway.stop();
    }
  },
};

/** Asks the gateway's loop probe for its reading and waits for the file it writes. */
async function readLoopProbe(pid: number, file: string): Promise<LoopProbeReading> {
  process.kill(pid, 'SIGUSR2');
  for (let waited = 0; waited < 5_000; waited += 50) {
    if (existsSync(file)) {
      return JSON.parse(readFileSync(file, 'utf8')) as LoopProbeReading;
    }
    await sleep(50);
  }
  throw new Error(`the gateway's loop probe wrote no ${file}`);
}

function rssOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
  return kb * 1024;
}
