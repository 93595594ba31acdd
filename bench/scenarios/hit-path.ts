import {
  alternate,
  describeSpread,
  failures,
  pairRatios,
  rps,
  spec,
  type BenchContext,
  type Row,
} from '../lib/context.js';
import { send } from '../lib/http.js';
import type { RequestSpec } from '../lib/load-spec.js';
import { sumOf } from '../lib/metrics.js';
import {
  ensureNginx,
  gatewayHeaders,
  INCIDENT_ROUTE,
  instanceId,
  routeCalls,
  startBareServer,
  startNginx,
  UPSTREAM_INCIDENT,
} from '../lib/stack.js';
import type { Scenario } from './scenario.js';

const CONNECTIONS = 32;

/**
 * A cached GET through the gateway against two references answering the same thing without Node
 * framework work: a bare node:http server with the bytes in memory (R0), and nginx proxy_cache in
 * front of the same sandbox. The entry is fresh for the whole run (TTL 1 h), so B is hits only.
 */
export const hitPath: Scenario = {
  id: 'hit-path',
  title: 'Hit path',
  async run(ctx: BenchContext): Promise<Row[]> {
    const { sandbox } = ctx;
    await sandbox.reset();
    const nginxBinary = ensureNginx(ctx.log);
    const gateway = await ctx.startGateway({ CACHE_TTL_INCIDENTS: '3600' });
    const stops: (() => Promise<unknown>)[] = [() => gateway.stop()];
    try {
      const [id] = await sandbox.incidentIds(instanceId(0));
      const viaGateway: RequestSpec = { path: `/v1/incidents/${id}`, headers: gatewayHeaders() };
      const first = await send(`${gateway.origin}${viaGateway.path}`, {
        headers: viaGateway.headers,
      });
      const second = await send(`${gateway.origin}${viaGateway.path}`, {
        headers: viaGateway.headers,
      });
      if (first.status !== 200 || !String(second.headers['cache-status']).includes('hit')) {
        throw new Error(
          `the gateway did not serve a hit: ${second.status} ${String(second.headers['cache-status'])}`,
        );
      }
      const bare = await startBareServer(
        ctx.group,
        second.text,
        String(second.headers['content-type']),
      );
      stops.push(() => bare.proc.stop());
      const nginx = await startNginx(ctx.group, nginxBinary, sandbox.origin, ctx.logDir);
      stops.push(() => nginx.proc.stop());
      const viaNginx: RequestSpec = {
        path: `/elements/api-v2/hubs/helpdesk/incidents/${id}?expand=ServiceRequestDescription`,
        headers: await sandbox.hubHeaders(instanceId(0)),
      };
      const warm = await send(`${nginx.origin}${viaNginx.path}`, { headers: viaNginx.headers });
      if (warm.status !== 200) {
        throw new Error(`nginx answered ${warm.status}`);
      }

      const closed = (origin: string, request: RequestSpec) => (seconds: number) =>
        ctx.load.run(spec(origin, [request], { connections: CONNECTIONS, durationSec: seconds }));
      await sandbox.resetCounters();
      const before = sumOf(
        await gateway.metrics(),
        'hgw_upstream_requests_total',
        UPSTREAM_INCIDENT,
      );
      const vsBare = await alternate(
        ctx,
        closed(bare.origin, { path: '/' }),
        closed(gateway.origin, viaGateway),
      );
      const vsNginx = await alternate(
        ctx,
        closed(nginx.origin, viaNginx),
        closed(gateway.origin, viaGateway),
      );
      // What the per-request rate limiter (two Redis scripts per hit) costs: the same hit path on a
      // gateway with it switched off, against the same bare server. Shown for information only.
      const unlimited = await ctx.startGateway(
        { CACHE_TTL_INCIDENTS: '3600', RATE_LIMIT_ENABLED: 'false' },
        { name: 'gateway-no-limiter' },
      );
      stops.push(() => unlimited.stop());
      await send(`${unlimited.origin}${viaGateway.path}`, { headers: viaGateway.headers });
      const vsBareUnlimited = await alternate(
        ctx,
        closed(bare.origin, { path: '/' }),
        closed(unlimited.origin, viaGateway),
      );
      // The sandbox sees only nginx's fills; the gateway counts its own upstream calls.
      const nginxFills = routeCalls(await sandbox.counters(), INCIDENT_ROUTE);
      const gatewayCalls =
        sumOf(await gateway.metrics(), 'hgw_upstream_requests_total', UPSTREAM_INCIDENT) - before;

      const bareRatio = pairRatios(vsBare, (r) => r.rps);
      const nginxRatio = pairRatios(vsNginx, (r) => r.rps);
      const unlimitedRatio = pairRatios(vsBareUnlimited, (r) => r.rps);
      const failed = failures([...vsBare.b, ...vsNginx.b]);
      return [
        {
          scenario: 'hit-path',
          measure: `cached GET ÷ bare node:http (same bytes from memory) req/s, c=${CONNECTIONS}`,
          value: bareRatio.median,
          unit: '×',
          target: { op: '>=', value: 0.5 },
          samples: bareRatio.samples,
          detail: `${describeSpread(bareRatio)}; bare ${rps(vsBare.a)} req/s, gateway ${rps(vsBare.b)} req/s; gateway non-2xx or errors: ${failed}`,
        },
        {
          scenario: 'hit-path',
          measure: `cached GET ÷ nginx proxy_cache (1 worker) req/s, c=${CONNECTIONS}`,
          value: nginxRatio.median,
          unit: '×',
          target: { op: '>=', value: 0.35 },
          samples: nginxRatio.samples,
          detail: `${describeSpread(nginxRatio)}; nginx ${rps(vsNginx.a)} req/s, gateway ${rps(vsNginx.b)} req/s; upstream calls while hitting: gateway ${gatewayCalls}, nginx ${nginxFills - gatewayCalls}`,
        },
        {
          scenario: 'hit-path',
          measure: `for information: the same with RATE_LIMIT_ENABLED=false ÷ bare node:http req/s, c=${CONNECTIONS}`,
          value: unlimitedRatio.median,
          unit: '×',
          target: { op: '>=', value: 0.5 },
          informational: true,
          samples: unlimitedRatio.samples,
          detail: `${describeSpread(unlimitedRatio)}; bare ${rps(vsBareUnlimited.a)} req/s, gateway without the limiter ${rps(vsBareUnlimited.b)} req/s`,
        },
      ];
    } finally {
      for (const stop of stops.reverse()) {
        await stop();
      }
    }
  },
};
