import { fmt, type BenchContext, type Row } from '../lib/context.js';
import { send, type Answer } from '../lib/http.js';
import { gatewayHeaders, instanceId, routeCalls, TENANT_COUNT, tenantId } from '../lib/stack.js';
import type { Scenario } from './scenario.js';

const UPSTREAM_LATENCY_MS = 100;

/**
 * Element tokens are looked up once per tenant: 10 tenants (each with an instanceId, so the token
 * comes from GET /instances/{id}), a fresh key prefix, 100 concurrent requests per tenant at once.
 */
export const token: Scenario = {
  id: 'token',
  title: 'Token',
  async run(ctx: BenchContext): Promise<Row[]> {
    const { sandbox } = ctx;
    await sandbox.reset();
    const perTenant = ctx.pick(100, 10);
    const ids: string[] = [];
    for (let t = 0; t < TENANT_COUNT; t++) {
      ids.push((await sandbox.incidentIds(instanceId(t)))[0] as string);
    }
    const gateway = await ctx.startGateway({ CACHE_ENABLED: 'false' });
    try {
      await sandbox.setLatency(UPSTREAM_LATENCY_MS);
      await sandbox.resetCounters();
      const answers = await Promise.all(
        Array.from({ length: TENANT_COUNT * perTenant }, (_, i) => {
          const t = i % TENANT_COUNT;
          return send(`${gateway.origin}/v1/incidents/${ids[t]}`, {
            headers: gatewayHeaders(tenantId(t)),
          });
        }),
      );
      const counters = await sandbox.counters();
      const ok = answers.filter((a) => a.status === 200).length;
      const linkLookups =
        routeCalls(counters, 'GET /hubs/helpdesk/accounts') +
        routeCalls(counters, 'GET /hubs/helpdesk/contacts');
      return [
        {
          scenario: 'token',
          measure: `/instances calls for ${TENANT_COUNT} tenants × ${perTenant} concurrent requests`,
          value: counters.instanceLookups,
          unit: 'calls',
          target: { op: '==', value: TENANT_COUNT },
          detail: `${ok}/${answers.length} answered 200 (${statuses(answers)}); upstream latency ${UPSTREAM_LATENCY_MS} ms; slowest ${fmt(Math.max(...answers.map((a) => a.ms)), 0)} ms; account and contact lookups ${linkLookups} (record links, looked up once per tenant and key when requests share them)`,
        },
      ];
    } finally {
      await sandbox.setLatency(0);
      await gateway.stop();
    }
  },
};

/** "200: 990, 504: 10" */
export function statuses(answers: Answer[]): string {
  const counts = new Map<number, number>();
  for (const a of answers) {
    counts.set(a.status, (counts.get(a.status) ?? 0) + 1);
  }
  return [...counts]
    .sort((a, b) => a[0] - b[0])
    .map(([status, n]) => `${status}: ${n}`)
    .join(', ');
}
