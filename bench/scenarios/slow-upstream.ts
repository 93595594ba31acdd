import { fmt, sendLate, spec, statusText, type BenchContext, type Row } from '../lib/context.js';
import { send, type Answer } from '../lib/http.js';
import type { LoadResult } from '../lib/load-spec.js';
import { sumOf } from '../lib/metrics.js';
import { gatewayHeaders, instanceId, tenantId } from '../lib/stack.js';
import type { Scenario } from './scenario.js';

interface Timing {
  attemptMs: number;
  deadlineMs: number;
  latencyMs: number;
}

/** The fast fails' even rate: the fixed rate the miss path's added latency is measured at. */
const FAST_FAIL_RATE = 1000;

/** Full run: the reference baseline (attempt 1 s, deadline 2.5 s) against a 2 s upstream. */
const FULL: Timing = { attemptMs: 1000, deadlineMs: 2500, latencyMs: 2000 };
/** Smoke run: the same shape, ten times faster. */
const SMOKE: Timing = { attemptMs: 100, deadlineMs: 250, latencyMs: 500 };

interface Outcome {
  answer: Answer;
  fastFail: boolean;
}

/**
 * Every GET by id takes 2 s upstream (a latency fault on the incidents route only, so token look-ups
 * and pings stay fast). Sequential requests first: how many time out before the tenant's breaker
 * opens, and how slow the slowest is against the deadline; then the fast-fail latency while open;
 * then the same with 8 concurrent callers on another tenant, to show what concurrency adds.
 */
export const slowUpstream: Scenario = {
  id: 'slow-upstream',
  title: '2 s upstream latency',
  async run(ctx: BenchContext): Promise<Row[]> {
    const { sandbox } = ctx;
    const timing = ctx.pick(FULL, SMOKE);
    await sandbox.reset();
    const [idOne] = await sandbox.incidentIds(instanceId(0));
    const [idTwo] = await sandbox.incidentIds(instanceId(1));
    const gateway = await ctx.startGateway({
      CACHE_ENABLED: 'false',
      UPSTREAM_ATTEMPT_TIMEOUT_MS: String(timing.attemptMs),
      REQUEST_DEADLINE_MS: String(timing.deadlineMs),
    });
    try {
      const one = `${gateway.origin}/v1/incidents/${idOne}`;
      const two = `${gateway.origin}/v1/incidents/${idTwo}`;
      // Tokens and links first, while the upstream is fast.
      await send(one, { headers: gatewayHeaders(tenantId(0)) });
      await send(two, { headers: gatewayHeaders(tenantId(1)) });
      await sandbox.addFault({ path: '/hubs/helpdesk/incidents/', latencyMs: timing.latencyMs });

      const before = await gateway.metrics();
      const sequential = await untilOpen(one, tenantId(0), 1, 12);
      const attemptTimeouts =
        sumOf(await gateway.metrics(), 'hgw_upstream_requests_total', { status: 'timeout' }) -
        sumOf(before, 'hgw_upstream_requests_total', { status: 'timeout' });

      const fastFails = [{ path: `/v1/incidents/${idOne}`, headers: gatewayHeaders(tenantId(0)) }];
      // Throughput closed loop, latency open loop at an even rate (the method's rule for both).
      const flat = await ctx.load.run(
        spec(gateway.origin, fastFails, { connections: 8, durationSec: ctx.pick(2, 0.5) }),
      );
      // A first paced round warms the load generator's own HTTP client (its first responses,
      // read by code not yet compiled, would count as latency); the breaker stays open for both.
      const paced = (seconds: number): Promise<LoadResult> =>
        ctx.load.run(
          spec(gateway.origin, fastFails, {
            connections: 8,
            durationSec: seconds,
            rate: FAST_FAIL_RATE,
          }),
        );
      await paced(ctx.pick(1, 0.25));
      const open = await paced(ctx.pick(3, 0.5));
      const sample = await send(one, { headers: gatewayHeaders(tenantId(0)) });

      const concurrent = await untilOpen(two, tenantId(1), 8, 40);
      const slowest = Math.max(
        ...[...sequential, ...concurrent].filter((o) => !o.fastFail).map((o) => o.answer.ms),
      );
      const timeoutsBefore = (outcomes: Outcome[]): number =>
        outcomes.filter((o) => !o.fastFail && o.answer.status === 504).length;
      const opened = sequential.some((o) => o.fastFail);
      return [
        {
          scenario: 'slow-upstream',
          measure: `slowest response, deadline ${fmt(timing.deadlineMs, 0)} ms (attempt timeout ${fmt(timing.attemptMs, 0)} ms)`,
          value: slowest,
          unit: 'ms',
          target: { op: '<=', value: timing.deadlineMs + 250 },
          detail: `over ${sequential.length + concurrent.length} requests before and while the breaker opened; upstream answers after ${fmt(timing.latencyMs, 0)} ms`,
        },
        {
          scenario: 'slow-upstream',
          measure: 'timed-out requests before the breaker opened (sequential caller)',
          value: opened ? timeoutsBefore(sequential) : null,
          unit: 'requests',
          target: { op: '<=', value: 5 },
          detail: opened
            ? `${attemptTimeouts} upstream attempts timed out meanwhile (each request: one attempt and one retry); with 8 concurrent callers ${timeoutsBefore(concurrent)} requests timed out before it opened (every request in flight when it opens still times out)`
            : `the breaker did not open within ${sequential.length} requests`,
        },
        {
          scenario: 'slow-upstream',
          measure: `fast-fail p99 while open (${fmt(FAST_FAIL_RATE, 0)} req/s)`,
          value: open.latency.p99,
          unit: 'ms',
          target: { op: '<=', value: 5 },
          detail: `open loop for ${fmt(open.elapsedSec, 1)} s after a warm-up round, ${sendLate([open])}; ${fmt(open.responses, 0)} responses, statuses ${statusText(open.status)}; p50 ${fmt(open.latency.p50, 3)} ms; closed loop at c=8: ${fmt(flat.rps, 0)} fast fails/s, p50 ${fmt(flat.latency.p50, 2)} ms, p99 ${fmt(flat.latency.p99, 2)} ms (statuses ${statusText(flat.status)}); sample answer ${sample.status} ${problemCode(sample)}, Retry-After ${String(sample.headers['retry-after'] ?? 'missing')}`,
        },
      ];
    } finally {
      await sandbox.clearFaults();
      await gateway.stop();
    }
  },
};

/** Closed-loop callers until one gets a fast fail (the open breaker), at most `limit` requests. */
async function untilOpen(
  url: string,
  tenant: string,
  callers: number,
  limit: number,
): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  let sent = 0;
  let open = false;
  const caller = async (): Promise<void> => {
    while (!open && sent < limit) {
      sent++;
      const answer = await send(url, { headers: gatewayHeaders(tenant), timeoutMs: 30_000 });
      const fastFail = answer.status === 503 && problemCode(answer) === 'UPSTREAM_UNAVAILABLE';
      outcomes.push({ answer, fastFail });
      open ||= fastFail;
    }
  };
  await Promise.all(Array.from({ length: callers }, caller));
  return outcomes;
}

function problemCode(answer: Answer): string {
  try {
    const code = (JSON.parse(answer.text) as { code?: unknown }).code;
    return typeof code === 'string' ? code : '';
  } catch {
    return '';
  }
}
