import type { LoadGenerator } from './load.js';
import type { LoadResult, LoadSpec } from './load-spec.js';
import type { ProcessGroup } from './processes.js';
import { Gateway, type Sandbox } from './stack.js';
import { round, spread, type Spread } from './stats.js';

export type Op = '>=' | '<=' | '==';

/** One line of the results table: a ratio or a count, its target, and how it was obtained. */
export interface Row {
  scenario: string;
  measure: string;
  value: number | null;
  unit: string;
  target: { op: Op; value: number };
  /** How it was measured: pairs, min–max, the raw figures behind the ratio. */
  detail: string;
  samples?: number[];
  /** Informational rows carry no pass/fail (a variant shown next to a measured row). */
  informational?: boolean;
}

export interface Sizes {
  /** Seconds of one closed-loop or fixed-rate round. */
  roundSec: number;
  warmupSec: number;
  pairs: number;
}

export interface BenchContext {
  smoke: boolean;
  sizes: Sizes;
  group: ProcessGroup;
  load: LoadGenerator;
  dist: string;
  logDir: string;
  sandbox: Sandbox;
  /** Redis for the gateways (the shared one with a per-run key prefix, or a private one). */
  redisUrl: string;
  runId: string;
  /** full-run value, smoke value */
  pick<T>(full: T, smoke: T): T;
  log(line: string): void;
  /** A fresh key prefix under this run's namespace (so nothing is shared between scenarios). */
  prefix(): string;
  startGateway(env?: Record<string, string>, extra?: GatewayExtra): Promise<Gateway>;
}

export interface GatewayExtra {
  name?: string;
  redisUrl?: string;
  /** Share a key prefix with another gateway (two instances of one deployment). */
  keyPrefix?: string;
  nodeArgs?: string[];
}

export function makeStartGateway(
  ctx: Omit<BenchContext, 'startGateway'>,
): BenchContext['startGateway'] {
  return (env = {}, extra = {}) =>
    Gateway.start(ctx.group, ctx.dist, ctx.sandbox, {
      redisUrl: extra.redisUrl ?? ctx.redisUrl,
      keyPrefix: extra.keyPrefix ?? ctx.prefix(),
      env,
      name: extra.name,
      nodeArgs: extra.nodeArgs,
    });
}

export interface Alternated {
  a: LoadResult[];
  b: LoadResult[];
  warmA: LoadResult;
  warmB: LoadResult;
  /** A third side, when one was given: C follows B in every pair. */
  c: LoadResult[];
}

/** Responses of every round of one side, warm-up included. */
export function responsesOf(results: Alternated, side: 'a' | 'b'): number {
  const warm = side === 'a' ? results.warmA : results.warmB;
  return results[side].reduce((n, r) => n + r.responses, warm.responses);
}

/**
 * A then B, alternating, after one warm-up round of each: the ratio of each pair is taken side by
 * side, so a slow moment of the machine hits both halves of a pair alike.
 */
export async function alternate(
  ctx: BenchContext,
  a: (seconds: number) => Promise<LoadResult>,
  b: (seconds: number) => Promise<LoadResult>,
  c?: (seconds: number) => Promise<LoadResult>,
): Promise<Alternated> {
  const results: Alternated = {
    a: [],
    b: [],
    warmA: await a(ctx.sizes.warmupSec),
    warmB: await b(ctx.sizes.warmupSec),
    c: [],
  };
  if (c) {
    await c(ctx.sizes.warmupSec);
  }
  for (let i = 0; i < ctx.sizes.pairs; i++) {
    results.a.push(await a(ctx.sizes.roundSec));
    results.b.push(await b(ctx.sizes.roundSec));
    if (c) {
      results.c.push(await c(ctx.sizes.roundSec));
    }
  }
  return results;
}

export function pairRatios(
  results: { a: LoadResult[]; b: LoadResult[] },
  of: (r: LoadResult) => number,
): Spread {
  return spread(results.a.map((a, i) => of(results.b[i] as LoadResult) / of(a)));
}

export function pairDeltas(
  results: { a: LoadResult[]; b: LoadResult[] },
  of: (r: LoadResult) => number,
): Spread {
  return spread(results.a.map((a, i) => of(results.b[i] as LoadResult) - of(a)));
}

/** "median of 3 pairs, min–max 0.41–0.45" */
export function describeSpread(s: Spread, digits = 2): string {
  return s.samples.length === 1
    ? `1 pair`
    : `median of ${s.samples.length} pairs, min–max ${fmt(s.min, digits)}–${fmt(s.max, digits)}`;
}

export function fmt(value: number, digits = 2): string {
  if (!Number.isFinite(value)) {
    return String(value);
  }
  return round(value, digits).toLocaleString('en-US', {
    minimumFractionDigits: 0,
    maximumFractionDigits: digits,
  });
}

export function rps(results: LoadResult[]): string {
  return results.map((r) => fmt(r.rps, 0)).join(' / ');
}

/** Non-2xx answers and errors over some rounds. */
export function failures(results: LoadResult[]): number {
  return results.reduce((n, r) => n + r.errors + (r.responses - r.ok), 0);
}

/** Response counts by status, as `200: 1,234, 503: 56`. */
export function statusText(status: Record<string, number>): string {
  return Object.entries(status)
    .map(([code, n]) => `${code}: ${fmt(n, 0)}`)
    .join(', ');
}

/** How late an open-loop generator woke up to send (not counted in the latencies). */
export function sendLate(results: LoadResult[]): string {
  const late = results.map((r) => r.sendLate).filter((l) => l !== undefined);
  if (late.length === 0) {
    return 'generator send delay not measured';
  }
  const worst = (of: 'p99' | 'max'): string => fmt(Math.max(...late.map((l) => l[of])), 2);
  return `generator woke up to send up to ${worst('p99')} ms late at p99 (max ${worst('max')} ms), not counted`;
}

export function spec(
  origin: string,
  requests: LoadSpec['requests'],
  rest: Omit<LoadSpec, 'origin' | 'requests'>,
): LoadSpec {
  return { origin, requests, ...rest };
}
