import {
  alternate,
  describeSpread,
  pairRatios,
  rps,
  spec,
  type BenchContext,
  type Row,
} from '../lib/context.js';
import { send } from '../lib/http.js';
import type { RequestSpec } from '../lib/load-spec.js';
import { sumOf } from '../lib/metrics.js';
import { gatewayHeaders, instanceId, UPSTREAM_INCIDENT } from '../lib/stack.js';
import type { Scenario } from './scenario.js';

const CONNECTIONS = 50;
const UPSTREAM_LATENCY_MS = 100;

/** What the cache is worth against a SaaS-like upstream: warm cached GETs vs direct calls at 100 ms. */
export const cacheValue: Scenario = {
  id: 'cache-value',
  title: 'Cache value',
  async run(ctx: BenchContext): Promise<Row[]> {
    const { sandbox } = ctx;
    await sandbox.reset();
    const gateway = await ctx.startGateway({ CACHE_TTL_INCIDENTS: '3600' });
    try {
      await sandbox.setLatency(UPSTREAM_LATENCY_MS);
      const ids = (await sandbox.incidentIds(instanceId(0))).slice(0, 10);
      const headers = await sandbox.hubHeaders(instanceId(0));
      const direct: RequestSpec[] = ids.map((id) => ({
        path: `/elements/api-v2/hubs/helpdesk/incidents/${id}?expand=ServiceRequestDescription`,
        headers,
      }));
      const viaGateway: RequestSpec[] = ids.map((id) => ({
        path: `/v1/incidents/${id}`,
        headers: gatewayHeaders(),
      }));
      for (const request of viaGateway) {
        const answer = await send(`${gateway.origin}${request.path}`, { headers: request.headers });
        if (answer.status !== 200) {
          throw new Error(`gateway GET answered ${answer.status}`);
        }
      }
      const start = await gateway.metrics();
      const before = sumOf(start, 'hgw_upstream_requests_total', UPSTREAM_INCIDENT);
      const redisErrorsBefore = sumOf(start, 'hgw_redis_errors_total');
      const closed = (origin: string, requests: RequestSpec[]) => (seconds: number) =>
        ctx.load.run(spec(origin, requests, { connections: CONNECTIONS, durationSec: seconds }));
      const results = await alternate(
        ctx,
        closed(sandbox.origin, direct),
        closed(gateway.origin, viaGateway),
      );
      const end = await gateway.metrics();
      const upstreamFromGateway =
        sumOf(end, 'hgw_upstream_requests_total', UPSTREAM_INCIDENT) - before;
      const redisErrors = sumOf(end, 'hgw_redis_errors_total') - redisErrorsBefore;
      const ratio = pairRatios(results, (r) => r.rps);
      return [
        {
          scenario: 'cache-value',
          measure: `cached ÷ direct req/s, ${UPSTREAM_LATENCY_MS} ms upstream, c=${CONNECTIONS}, 10 warm keys`,
          value: ratio.median,
          unit: '×',
          target: { op: '>=', value: 20 },
          samples: ratio.samples,
          detail: `${describeSpread(ratio, 1)}; direct ${rps(results.a)} req/s, gateway ${rps(results.b)} req/s; upstream calls from the gateway while hitting: ${upstreamFromGateway} (a Redis read slower than the 100 ms command timeout turns a hit into a load; Redis command failures ${redisErrors})`,
        },
      ];
    } finally {
      await sandbox.setLatency(0);
      await gateway.stop();
    }
  },
};
