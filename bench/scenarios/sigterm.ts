import { fmt, type BenchContext, type Row } from '../lib/context.js';
import { send, sleep } from '../lib/http.js';
import { gatewayHeaders, instanceId, tenantId } from '../lib/stack.js';
import type { Scenario } from './scenario.js';

const CALLERS = 32;
const UPSTREAM_LATENCY_MS = 200;

interface Outcome {
  sentAt: number;
  status?: number;
  error?: string;
}

/**
 * SIGTERM while 32 callers keep requests in flight (each takes 200 ms upstream): every request
 * sent before the signal must still succeed, and the process must exit (0) within 10 s.
 */
export const sigterm: Scenario = {
  id: 'sigterm',
  title: 'SIGTERM under load',
  async run(ctx: BenchContext): Promise<Row[]> {
    const { sandbox } = ctx;
    await sandbox.reset();
    const ids = (await sandbox.incidentIds(instanceId(0))).slice(0, 20);
    const gateway = await ctx.startGateway({ CACHE_ENABLED: 'false' }, { name: 'gateway-sigterm' });
    for (const id of ids) {
      await send(`${gateway.origin}/v1/incidents/${id}`, { headers: gatewayHeaders(tenantId(0)) });
    }
    await sandbox.addFault({ path: '/hubs/helpdesk/incidents/', latencyMs: UPSTREAM_LATENCY_MS });
    const outcomes: Outcome[] = [];
    let exited = false;
    void gateway.proc.exited.then(() => {
      exited = true;
    });
    let n = 0;
    const caller = async (): Promise<void> => {
      while (!exited) {
        const id = ids[n++ % ids.length] as string;
        const outcome: Outcome = { sentAt: performance.now() };
        outcomes.push(outcome);
        try {
          const answer = await send(`${gateway.origin}/v1/incidents/${id}`, {
            headers: gatewayHeaders(tenantId(0)),
            timeoutMs: 20_000,
          });
          outcome.status = answer.status;
        } catch (error) {
          outcome.error = (error as { code?: string }).code ?? String(error);
          await sleep(20);
        }
      }
    };
    const callers = Promise.all(Array.from({ length: CALLERS }, caller));
    try {
      await sleep(ctx.pick(3000, 1000));
      const signalAt = performance.now();
      gateway.proc.signal('SIGTERM');
      const killer = setTimeout(() => gateway.proc.signal('SIGKILL'), 30_000);
      const exit = await gateway.proc.exited;
      clearTimeout(killer);
      await callers;
      const before = outcomes.filter((o) => o.sentAt < signalAt);
      const failed = before.filter((o) => o.status === undefined || o.status >= 300);
      const after = outcomes.filter((o) => o.sentAt >= signalAt);
      const afterSummary = summarize(after);
      const exitSeconds = (exit.at - signalAt) / 1000;
      return [
        {
          scenario: 'sigterm',
          measure: 'requests sent before the signal that failed',
          value: failed.length,
          unit: 'requests',
          target: { op: '==', value: 0 },
          detail: `${before.length} sent before SIGTERM (${CALLERS} callers, ${UPSTREAM_LATENCY_MS} ms upstream)${failed.length > 0 ? `; failures: ${summarize(failed)}` : ''}; sent after: ${afterSummary || 'none'}`,
        },
        {
          scenario: 'sigterm',
          measure: 'time from SIGTERM to exit',
          value: exitSeconds,
          unit: 's',
          target: { op: '<=', value: 10 },
          detail: `exit code ${exit.code ?? exit.signal}; SHUTDOWN_DELAY_MS 0, SHUTDOWN_DRAIN_MS 10000 (defaults)${exit.code === 0 ? '' : ' — not a clean exit'}; ${fmt(exitSeconds * 1000, 0)} ms`,
        },
      ];
    } finally {
      exited = true;
      await sandbox.clearFaults();
      await gateway.stop();
    }
  },
};

function summarize(outcomes: Outcome[]): string {
  const counts = new Map<string, number>();
  for (const o of outcomes) {
    const key = o.status !== undefined ? String(o.status) : (o.error ?? 'error');
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].map(([k, v]) => `${k}: ${v}`).join(', ');
}
