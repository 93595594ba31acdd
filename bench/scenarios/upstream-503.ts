import { fmt, spec, statusText, type BenchContext, type Row } from '../lib/context.js';
import { send } from '../lib/http.js';
import type { RequestSpec } from '../lib/load-spec.js';
import { sumOf } from '../lib/metrics.js';
import {
  COMMENT_POST_ROUTE,
  gatewayHeaders,
  instanceId,
  routeCalls,
  tenantId,
  UPSTREAM_INCIDENT,
} from '../lib/stack.js';
import type { Scenario } from './scenario.js';

const FAULT_RATE = 0.3;
const GATEWAY_INCIDENT = { route: '/v1/incidents/:id', method: 'GET' };

/**
 * 30 % of upstream calls answer 503 (seeded, so runs repeat). GETs of 120 distinct incidents with
 * the cache off exercise the retries; POSTs of comments (another tenant, so its breaker is its own)
 * must reach the upstream exactly once each: a POST is never retried.
 */
export const upstream503: Scenario = {
  id: 'upstream-503',
  title: '30 % upstream 503s',
  async run(ctx: BenchContext): Promise<Row[]> {
    const { sandbox } = ctx;
    await sandbox.reset();
    const getIds = await sandbox.incidentIds(instanceId(0));
    const [postId] = await sandbox.incidentIds(instanceId(1));
    const gateway = await ctx.startGateway({ CACHE_ENABLED: 'false' });
    try {
      const gets: RequestSpec[] = getIds.map((id) => ({
        path: `/v1/incidents/${id}`,
        headers: gatewayHeaders(tenantId(0)),
      }));
      // Token and record links learnt before the faults start: the GETs then cost one call each.
      for (const request of gets) {
        await send(`${gateway.origin}${request.path}`, { headers: request.headers });
      }
      await sandbox.addFault({
        method: 'GET',
        path: '/hubs/helpdesk/incidents/',
        status: 503,
        rate: FAULT_RATE,
        seed: 1,
      });
      const before = await gateway.metrics();
      const getLoad = await ctx.load.run(
        spec(gateway.origin, gets, { connections: 16, durationSec: ctx.pick(10, 1) }),
      );
      const after = await gateway.metrics();
      const delta = (name: string, where: Record<string, string>): number =>
        sumOf(after, name, where) - sumOf(before, name, where);
      const gatewayGets = delta('hgw_http_requests_total', GATEWAY_INCIDENT);
      const upstreamGets = delta('hgw_upstream_requests_total', UPSTREAM_INCIDENT);
      const opened = delta('hgw_circuit_transitions_total', { tenant: tenantId(0), to: 'open' });
      const retries = delta('hgw_upstream_retries_total', { method: 'GET' });

      await sandbox.addFault({
        method: 'POST',
        path: '/comments',
        status: 503,
        rate: FAULT_RATE,
        seed: 2,
      });
      const postHeaders = { ...gatewayHeaders(tenantId(1)), 'content-type': 'application/json' };
      await send(`${gateway.origin}/v1/incidents/${postId}`, {
        headers: gatewayHeaders(tenantId(1)),
      });
      await sandbox.resetCounters();
      const postCount = ctx.pick(300, 30);
      const postLoad = await ctx.load.run(
        spec(
          gateway.origin,
          [
            {
              method: 'POST',
              path: `/v1/incidents/${postId}/comments`,
              headers: postHeaders,
              body: JSON.stringify({ body: 'Benchmark comment', type: 'internal_note' }),
            },
          ],
          { connections: 4, amount: postCount, durationSec: 120 },
        ),
      );
      const postsUpstream = routeCalls(await sandbox.counters(), COMMENT_POST_ROUTE);
      const postsAnswered = postLoad.responses;
      const postOpened = sumOf(await gateway.metrics(), 'hgw_circuit_transitions_total', {
        tenant: tenantId(1),
        to: 'open',
      });
      const share = getLoad.ok / Math.max(1, getLoad.responses + getLoad.errors);

      // The same GETs on a gateway whose retry budget allows one retry per five requests (the
      // earlier default), to show what the default budget (one per two) buys in 2xx. Information only.
      const strict = await ctx.startGateway(
        { CACHE_ENABLED: 'false', UPSTREAM_RETRY_BUDGET_RATIO: '0.2' },
        { name: 'gateway-retry-budget' },
      );
      let strictShare: number;
      let strictCalls: number;
      let strictOpened: number;
      try {
        await sandbox.clearFaults();
        for (const request of gets) {
          await send(`${strict.origin}${request.path}`, { headers: request.headers });
        }
        await sandbox.addFault({
          method: 'GET',
          path: '/hubs/helpdesk/incidents/',
          status: 503,
          rate: FAULT_RATE,
          seed: 1,
        });
        const start = await strict.metrics();
        const load = await ctx.load.run(
          spec(strict.origin, gets, { connections: 16, durationSec: ctx.pick(10, 1) }),
        );
        const end = await strict.metrics();
        strictShare = load.ok / Math.max(1, load.responses + load.errors);
        strictOpened = sumOf(end, 'hgw_circuit_transitions_total', { to: 'open' });
        strictCalls =
          (sumOf(end, 'hgw_upstream_requests_total', UPSTREAM_INCIDENT) -
            sumOf(start, 'hgw_upstream_requests_total', UPSTREAM_INCIDENT)) /
          Math.max(
            1,
            sumOf(end, 'hgw_http_requests_total', GATEWAY_INCIDENT) -
              sumOf(start, 'hgw_http_requests_total', GATEWAY_INCIDENT),
          );
      } finally {
        await strict.stop();
      }
      return [
        {
          scenario: 'upstream-503',
          measure: 'share of 2xx (GETs, cache off, 120 distinct keys, c=16)',
          value: share,
          unit: '',
          target: { op: '>=', value: 0.95 },
          detail: `${getLoad.ok}/${getLoad.responses + getLoad.errors} 2xx; statuses ${statusText(getLoad.status)}; retries ${retries}; breaker opened ${opened}×; theory with 2 retries and no budget 0.973`,
        },
        {
          scenario: 'upstream-503',
          measure: 'for information: share of 2xx with a stricter UPSTREAM_RETRY_BUDGET_RATIO=0.2',
          value: strictShare,
          unit: '',
          target: { op: '>=', value: 0.95 },
          informational: true,
          detail: `the default budget is 0.5 (a retry for every other request once the reserve of 10 is spent); with 0.2, one for every fifth, upstream calls per gateway GET ${fmt(strictCalls, 3)} and the breaker opened ${strictOpened}× (five failed requests in a row once the budget's reserve is spent)`,
        },
        {
          scenario: 'upstream-503',
          measure: 'upstream calls per gateway GET',
          value: upstreamGets / Math.max(1, gatewayGets),
          unit: '',
          target: { op: '<=', value: 1.45 },
          detail: `${upstreamGets} upstream GETs for ${gatewayGets} gateway GETs (gateway metrics); theory 1.39`,
        },
        {
          scenario: 'upstream-503',
          measure: 'POST calls at the sandbox ÷ POSTs answered by the gateway',
          value: postsUpstream / Math.max(1, postsAnswered),
          unit: '',
          target: { op: '==', value: 1 },
          detail: `${postsUpstream} upstream POSTs for ${postsAnswered} gateway POSTs (${postLoad.ok} 2xx); statuses ${statusText(postLoad.status)}; breaker opened ${postOpened}× (fast-failed POSTs reach no upstream)`,
        },
      ];
    } finally {
      await sandbox.clearFaults();
      await gateway.stop();
    }
  },
};
