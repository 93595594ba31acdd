import { fmt, type BenchContext, type Row } from '../lib/context.js';
import { send } from '../lib/http.js';
import { sumOf } from '../lib/metrics.js';
import type { Gateway } from '../lib/stack.js';
import { gatewayHeaders, INCIDENT_ROUTE, instanceId, routeCalls } from '../lib/stack.js';
import type { Scenario } from './scenario.js';
import { statuses } from './token.js';

const UPSTREAM_LATENCY_MS = 100;

/** 200 simultaneous GETs of one cold key: one upstream call, with one gateway and with two. */
export const coalescing: Scenario = {
  id: 'coalescing',
  title: 'Coalescing',
  async run(ctx: BenchContext): Promise<Row[]> {
    const { sandbox } = ctx;
    await sandbox.reset();
    const burst = ctx.pick(200, 20);
    const ids = await sandbox.incidentIds(instanceId(0));
    await sandbox.setLatency(UPSTREAM_LATENCY_MS);
    const rows: Row[] = [];
    const single = await ctx.startGateway();
    try {
      rows.push(await coldBurst(ctx, [single], ids[0] as string, burst, 'one gateway instance'));
    } finally {
      await single.stop();
    }
    const prefix = ctx.prefix();
    const [first, second] = await Promise.all([
      ctx.startGateway({}, { keyPrefix: prefix, name: 'gateway-a' }),
      ctx.startGateway({}, { keyPrefix: prefix, name: 'gateway-b' }),
    ]);
    try {
      rows.push(
        await coldBurst(ctx, [first, second], ids[1] as string, burst, 'two instances, one Redis'),
      );
    } finally {
      await Promise.all([first.stop(), second.stop()]);
      await sandbox.setLatency(0);
    }
    return rows;
  },
};

async function coldBurst(
  ctx: BenchContext,
  gateways: Gateway[],
  id: string,
  count: number,
  label: string,
): Promise<Row> {
  await ctx.sandbox.resetCounters();
  const before = await Promise.all(gateways.map((g) => g.metrics()));
  const answers = await Promise.all(
    Array.from({ length: count }, (_, i) => {
      const gateway = gateways[i % gateways.length] as Gateway;
      return send(`${gateway.origin}/v1/incidents/${id}`, { headers: gatewayHeaders() });
    }),
  );
  const calls = routeCalls(await ctx.sandbox.counters(), INCIDENT_ROUTE);
  const after = await Promise.all(gateways.map((g) => g.metrics()));
  const delta = (name: string, where: Record<string, string> = {}): number =>
    gateways.reduce(
      (n, _g, i) => n + sumOf(after[i] ?? [], name, where) - sumOf(before[i] ?? [], name, where),
      0,
    );
  const outcomes = ['miss', 'coalesced', 'hit']
    .map((result) => `${result} ${delta('hgw_cache_results_total', { result })}`)
    .join(', ');
  const ok = answers.filter((a) => a.status === 200).length;
  const slowest = Math.max(...answers.map((a) => a.ms));
  return {
    scenario: 'coalescing',
    measure: `upstream calls for ${count} concurrent cold GETs, ${label}`,
    value: calls,
    unit: 'calls',
    target: { op: '==', value: 1 },
    detail: `${ok}/${count} answered 200 (${statuses(answers)}); cache results ${outcomes}; Redis command failures ${delta('hgw_redis_errors_total')} (a request whose Redis read fails starts a load of its own); upstream latency ${UPSTREAM_LATENCY_MS} ms; slowest ${fmt(slowest, 0)} ms`,
  };
}
