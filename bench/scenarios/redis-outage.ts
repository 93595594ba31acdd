import { fmt, spec, type BenchContext, type Row } from '../lib/context.js';
import { send, sleep } from '../lib/http.js';
import type { RequestSpec, TimelineBucket } from '../lib/load-spec.js';
import { sumOf } from '../lib/metrics.js';
import { gatewayHeaders, instanceId, PrivateRedis, tenantId, type Gateway } from '../lib/stack.js';
import type { Scenario } from './scenario.js';

interface Phases {
  beforeSec: number;
  downSec: number;
  afterSec: number;
  /** The hit ratio is compared over the two seconds ending this long after Redis returns. */
  recoveredAfterSec: number;
  rate: number;
}

const FULL: Phases = { beforeSec: 10, downSec: 5, afterSec: 12, recoveredAfterSec: 10, rate: 500 };
const SMOKE: Phases = { beforeSec: 2, downSec: 1, afterSec: 3, recoveredAfterSec: 2, rate: 200 };

const BUCKET_MS = 250;

interface Scrape {
  at: number;
  hits: number;
  results: number;
}

/**
 * A private redis-server (never the shared one) is SIGKILLed under a steady 500 req/s of cached GETs
 * and restarted empty 5 s later. The gateway should serve throughout (uncached while Redis is gone,
 * never hanging on it) and fill its cache again once Redis is back.
 */
export const redisOutage: Scenario = {
  id: 'redis-outage',
  title: 'Redis killed mid-run',
  async run(ctx: BenchContext): Promise<Row[]> {
    const { sandbox } = ctx;
    const phases = ctx.pick(FULL, SMOKE);
    await sandbox.reset();
    const ids = (await sandbox.incidentIds(instanceId(0))).slice(0, 50);
    const redis = await PrivateRedis.start(ctx.group, ctx.logDir);
    let gateway: Gateway | undefined;
    try {
      gateway = await ctx.startGateway(
        { CACHE_TTL_INCIDENTS: '3600' },
        { redisUrl: redis.url, name: 'gateway-redis-outage' },
      );
      const requests: RequestSpec[] = ids.map((id) => ({
        path: `/v1/incidents/${id}`,
        headers: gatewayHeaders(tenantId(0)),
      }));
      for (const request of requests) {
        await send(`${gateway.origin}${request.path}`, { headers: request.headers });
      }
      const total = phases.beforeSec + phases.downSec + phases.afterSec;
      const running = ctx.load.run(
        spec(gateway.origin, requests, {
          connections: 32,
          durationSec: total,
          rate: phases.rate,
          bucketMs: BUCKET_MS,
        }),
      );
      const scrapes: Scrape[] = [];
      const target = gateway;
      let scraping = true;
      const scraper = (async () => {
        while (scraping) {
          const samples = await target.metrics().catch(() => undefined);
          if (samples) {
            scrapes.push({
              at: Date.now(),
              hits: sumOf(samples, 'hgw_cache_results_total', { result: 'hit' }),
              results: sumOf(samples, 'hgw_cache_results_total'),
            });
          }
          await sleep(250);
        }
      })();
      const started = Date.now();
      await sleep(phases.beforeSec * 1000);
      const killedAt = Date.now();
      await redis.kill();
      await sleep(phases.downSec * 1000);
      const restartedAt = Date.now();
      await redis.launch();
      const result = await running;
      scraping = false;
      await scraper;

      const window = (from: number, to: number): TimelineBucket[] =>
        result.timeline.filter((b) => b.at >= from && b.at < to);
      const okShare = (buckets: TimelineBucket[]): number => {
        const ok = buckets.reduce((n, b) => n + b.ok, 0);
        const all = buckets.reduce((n, b) => n + b.ok + b.other + b.errors, 0);
        return all === 0 ? Number.NaN : ok / all;
      };
      const beforeShare = okShare(window(started + BUCKET_MS, killedAt - BUCKET_MS));
      const outageShare = okShare(
        window(killedAt - BUCKET_MS, restartedAt + phases.recoveredAfterSec * 1000),
      );
      const hitRatio = (from: number, to: number): number => {
        const first = scrapes.find((s) => s.at >= from);
        const last = [...scrapes].reverse().find((s) => s.at <= to);
        if (!first || !last || last.results === first.results) {
          return Number.NaN;
        }
        return (last.hits - first.hits) / (last.results - first.results);
      };
      const hitsBefore = hitRatio(started + 500, killedAt);
      const recovered = restartedAt + phases.recoveredAfterSec * 1000;
      const hitsAfter = hitRatio(recovered - 2000, recovered);
      const hitsDown = hitRatio(killedAt + 500, restartedAt);
      return [
        {
          scenario: 'redis-outage',
          measure: '2xx share from the kill to 10 s after restart ÷ before',
          value: outageShare / beforeShare,
          unit: '',
          target: { op: '>=', value: 0.99 },
          detail: `before ${fmt(beforeShare * 100, 2)} %, outage and recovery ${fmt(outageShare * 100, 2)} %; ${fmt(phases.rate, 0)} req/s open loop over 50 cached keys; Redis down ${phases.downSec} s; errors ${result.errors}, timeouts ${result.timeouts}`,
        },
        {
          scenario: 'redis-outage',
          measure: 'slowest request over the whole run',
          value: result.latency.max,
          unit: 'ms',
          target: { op: '<=', value: 1000 },
          detail: `p99 ${fmt(result.latency.p99, 2)} ms over ${fmt(result.responses, 0)} responses`,
        },
        {
          scenario: 'redis-outage',
          measure: `hit ratio ${phases.recoveredAfterSec} s after Redis returns ÷ before`,
          value: hitsAfter / hitsBefore,
          unit: '',
          target: { op: '>=', value: 0.9 },
          detail: `hit ratio before ${fmt(hitsBefore * 100, 1)} %, while down ${fmt(hitsDown * 100, 1)} %, in the 2 s ending ${phases.recoveredAfterSec} s after the restart ${fmt(hitsAfter * 100, 1)} % (gateway metrics)`,
        },
      ];
    } finally {
      await gateway?.stop();
      await redis.stop();
    }
  },
};
