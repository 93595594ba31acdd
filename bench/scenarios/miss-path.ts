import {
  alternate,
  describeSpread,
  failures,
  fmt,
  pairDeltas,
  pairRatios,
  rps,
  sendLate,
  spec,
  type BenchContext,
  type Row,
} from '../lib/context.js';
import type { LoadResult, RequestSpec } from '../lib/load-spec.js';
import { send } from '../lib/http.js';
import { sumOf } from '../lib/metrics.js';
import { recordingCpu } from '../lib/process-cpu.js';
import { median, spread } from '../lib/stats.js';
import {
  gatewayHeaders,
  instanceId,
  startBareProxy,
  UPSTREAM_INCIDENT,
  type ReferenceServer,
} from '../lib/stack.js';
import type { Scenario } from './scenario.js';

const CONNECTIONS = 32;
const FIXED_RATE = 1000;
const GATEWAY_INCIDENT = { route: '/v1/incidents/:id', method: 'GET' };

/**
 * The cost of the hop: one GET by id straight to the sandbox (A) and through the gateway with the
 * cache off (B), closed loop at c=32 for throughput, then open loop at 1,000 req/s for latency. A
 * bare proxy (C, bench/servers/bare-proxy.ts) runs in the same pairs: what any Node hop costs here.
 */
export const missPath: Scenario = {
  id: 'miss-path',
  title: 'Miss path',
  async run(ctx: BenchContext): Promise<Row[]> {
    const { sandbox } = ctx;
    await sandbox.reset();
    const gateway = await ctx.startGateway({ CACHE_ENABLED: 'false' });
    let proxy: ReferenceServer | undefined;
    try {
      const [id] = await sandbox.incidentIds(instanceId(0));
      const direct: RequestSpec = {
        path: `/elements/api-v2/hubs/helpdesk/incidents/${id}?expand=ServiceRequestDescription`,
        headers: await sandbox.hubHeaders(instanceId(0)),
      };
      proxy = await startBareProxy(
        ctx.group,
        `${sandbox.origin}${direct.path}`,
        direct.headers?.authorization ?? '',
      );
      const viaProxy: RequestSpec = { path: '/' };
      const viaGateway: RequestSpec = { path: `/v1/incidents/${id}`, headers: gatewayHeaders() };
      const check = await send(`${gateway.origin}${viaGateway.path}`, {
        headers: viaGateway.headers,
      });
      if (check.status !== 200) {
        throw new Error(`gateway GET answered ${check.status}: ${check.text.slice(0, 200)}`);
      }

      // CPU per response of the process answering each round: the sandbox in direct rounds.
      const cpu = new Map<LoadResult, number>();
      const closed = (origin: string, request: RequestSpec, pid: number) =>
        recordingCpu(pid, cpu, (seconds) =>
          ctx.load.run(spec(origin, [request], { connections: CONNECTIONS, durationSec: seconds })),
        );
      const throughput = await alternate(
        ctx,
        closed(sandbox.origin, direct, sandbox.proc.pid),
        closed(gateway.origin, viaGateway, gateway.proc.pid),
        closed(proxy.origin, viaProxy, proxy.proc.pid),
      );

      const before = await gateway.metrics();
      const open = (origin: string, request: RequestSpec) => (seconds: number) =>
        ctx.load.run(
          spec(origin, [request], { connections: 16, durationSec: seconds, rate: FIXED_RATE }),
        );
      const latency = await alternate(
        ctx,
        open(sandbox.origin, direct),
        open(gateway.origin, viaGateway),
        open(proxy.origin, viaProxy),
      );
      const after = await gateway.metrics();
      const delta = (name: string, where: Record<string, string>): number =>
        sumOf(after, name, where) - sumOf(before, name, where);
      const upstreamPerRequest =
        delta('hgw_upstream_requests_total', UPSTREAM_INCIDENT) /
        Math.max(1, delta('hgw_http_requests_total', GATEWAY_INCIDENT));

      const ratio = pairRatios(throughput, (r) => r.rps);
      const p50 = pairDeltas(latency, (r) => r.latency.p50);
      const p99 = pairDeltas(latency, (r) => r.latency.p99);
      const ceiling = pairRatios({ a: throughput.a, b: throughput.c }, (r) => r.rps);
      const ofCeiling = pairRatios({ a: throughput.c, b: throughput.b }, (r) => r.rps);
      const ceilingP99 = pairDeltas({ a: latency.a, b: latency.c }, (r) => r.latency.p99);
      const failed = failures([...throughput.b, ...latency.b]);
      const ms = (results: LoadResult[], of: 'p50' | 'p99'): string =>
        results.map((r) => fmt(r.latency[of], 3)).join(' / ');
      const micros = (results: LoadResult[]): string =>
        results.map((r) => fmt(cpu.get(r) ?? NaN, 0)).join(' / ');
      const gatewayCpu = spread(throughput.b.map((r) => cpu.get(r) ?? NaN));
      // The gateway's JavaScript runs on one thread: it cannot answer faster than one core allows.
      const directRate = median(throughput.a.map((r) => r.rps));
      const cpuBudget = 1e6 / (0.4 * directRate);
      return [
        {
          scenario: 'miss-path',
          measure: `gateway (cache off) ÷ direct req/s, c=${CONNECTIONS}`,
          value: ratio.median,
          unit: '×',
          target: { op: '>=', value: 0.4 },
          samples: ratio.samples,
          detail: `${describeSpread(ratio)}; direct ${rps(throughput.a)} req/s, gateway ${rps(throughput.b)} req/s; gateway non-2xx or errors: ${failed}`,
        },
        {
          scenario: 'miss-path',
          measure: `added p50 at ${fmt(FIXED_RATE, 0)} req/s`,
          value: p50.median,
          unit: 'ms',
          target: { op: '<=', value: 1 },
          samples: p50.samples,
          detail: `${describeSpread(p50, 3)}; p50 direct ${ms(latency.a, 'p50')} ms, gateway ${ms(latency.b, 'p50')} ms; rate reached by the gateway ${rps(latency.b)} req/s`,
        },
        {
          scenario: 'miss-path',
          measure: `added p99 at ${fmt(FIXED_RATE, 0)} req/s`,
          value: p99.median,
          unit: 'ms',
          target: { op: '<=', value: 5 },
          samples: p99.samples,
          detail: `${describeSpread(p99, 3)}; p99 direct ${ms(latency.a, 'p99')} ms, gateway ${ms(latency.b, 'p99')} ms; upstream calls per gateway GET ${fmt(upstreamPerRequest, 2)}; open loop, evenly paced on 16 connections, latency from when each request was handed to the client; ${sendLate([...latency.a, ...latency.b])}`,
        },
        {
          scenario: 'miss-path',
          measure: `for information: bare node:http + undici proxy ÷ direct req/s, c=${CONNECTIONS} (the ceiling)`,
          value: ceiling.median,
          unit: '×',
          target: { op: '>=', value: 0.4 },
          samples: ceiling.samples,
          informational: true,
          detail: `${describeSpread(ceiling)}; direct ${rps(throughput.a)} req/s, bare proxy ${rps(throughput.c)} req/s (one upstream GET, JSON parsed and serialized again, nothing else; bench/servers/bare-proxy.ts), run in the same pairs as the row above; the gateway reaches ${fmt(ofCeiling.median)}× of it (${fmt(ofCeiling.min)}–${fmt(ofCeiling.max)})`,
        },
        {
          scenario: 'miss-path',
          measure: `for information: the bare proxy's added p99 at ${fmt(FIXED_RATE, 0)} req/s`,
          value: ceilingP99.median,
          unit: 'ms',
          target: { op: '<=', value: 5 },
          samples: ceilingP99.samples,
          informational: true,
          detail: `${describeSpread(ceilingP99, 3)}; p99 bare proxy ${ms(latency.c, 'p99')} ms (p50 ${ms(latency.c, 'p50')} ms), in the same rounds as the row above`,
        },
        {
          scenario: 'miss-path',
          measure: `for information: gateway CPU per response, c=${CONNECTIONS} (user + system)`,
          value: gatewayCpu.median,
          unit: 'µs',
          target: { op: '<=', value: cpuBudget },
          samples: gatewayCpu.samples,
          informational: true,
          detail: `${describeSpread(gatewayCpu, 0)}; gateway ${micros(throughput.b)} µs, bare proxy ${micros(throughput.c)} µs, sandbox in the direct rounds ${micros(throughput.a)} µs (/proc/<pid>/stat over each throughput round); the target: at 0.4× of direct (${fmt(directRate, 0)} req/s) a process whose JavaScript runs on one thread has at most that much per response, before the load generator and the sandbox take their share of the two cores`,
        },
      ];
    } finally {
      await proxy?.proc.stop();
      await gateway.stop();
    }
  },
};
