import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { cpus, loadavg, release, tmpdir, totalmem, type as osType } from 'node:os';
import { join, relative, resolve } from 'node:path';
import {
  alternate,
  describeSpread,
  failures,
  fmt,
  makeStartGateway,
  pairRatios,
  rps,
  type BenchContext,
} from './lib/context.js';
import { closeHttp } from './lib/http.js';
import { LoadGenerator } from './lib/load.js';
import type { LoadResult, RequestSpec } from './lib/load-spec.js';
import { recordingCpu } from './lib/process-cpu.js';
import { ProcessGroup, whichPath } from './lib/processes.js';
import { monotonicMicros, topSelfTime } from './lib/profile.js';
import {
  markdown,
  merge,
  printTable,
  readResults,
  verdict,
  writeJson,
  type Machine,
  type Results,
  type ScenarioResult,
} from './lib/report.js';
import {
  deleteKeys,
  Gateway,
  gatewayHeaders,
  instanceId,
  PrivateRedis,
  redisPing,
  Sandbox,
} from './lib/stack.js';
import { cacheValue } from './scenarios/cache-value.js';
import { coalescing } from './scenarios/coalescing.js';
import { hitPath } from './scenarios/hit-path.js';
import { missPath } from './scenarios/miss-path.js';
import { redisOutage } from './scenarios/redis-outage.js';
import type { Scenario } from './scenarios/scenario.js';
import { sigterm } from './scenarios/sigterm.js';
import { slowUpstream } from './scenarios/slow-upstream.js';
import { soak } from './scenarios/soak.js';
import { token } from './scenarios/token.js';
import { upstream503 } from './scenarios/upstream-503.js';

const SCENARIOS: Scenario[] = [
  missPath,
  hitPath,
  cacheValue,
  coalescing,
  token,
  upstream503,
  slowUpstream,
  redisOutage,
  sigterm,
  soak,
];

const USAGE = `usage: npm run bench [-- <scenario>...] [--smoke]
       npm run bench -- --profile=miss|hit|error
       npm run bench -- --compare=<other dist folder> [--path=miss|hit|error]
       npm run bench -- --report   (rewrite docs/benchmarks.md from the stored results)
scenarios: ${SCENARIOS.map((s) => s.id).join(', ')}`;

/** miss: cache off; hit: a warm cached GET; error: a GET with an unknown API key (a 401 problem). */
type HotPath = 'miss' | 'hit' | 'error';

interface Args {
  smoke: boolean;
  /** Only rewrite the document from bench/results/latest.json and bench/notes.md. */
  reportOnly: boolean;
  profile?: HotPath;
  /** A build to compare the current one with (before/after a change), alternating rounds. */
  compare?: string;
  path: HotPath;
  scenarios: Scenario[];
}

function hotPath(value: string): HotPath {
  if (value !== 'miss' && value !== 'hit' && value !== 'error') {
    throw new Error(USAGE);
  }
  return value;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { smoke: false, reportOnly: false, path: 'hit', scenarios: [] };
  for (const arg of argv) {
    if (arg === '--smoke') {
      args.smoke = true;
    } else if (arg === '--report') {
      args.reportOnly = true;
    } else if (arg.startsWith('--profile=')) {
      args.profile = hotPath(arg.slice('--profile='.length));
    } else if (arg.startsWith('--path=')) {
      args.path = hotPath(arg.slice('--path='.length));
    } else if (arg.startsWith('--compare=')) {
      args.compare = resolve(arg.slice('--compare='.length));
      if (!existsSync(join(args.compare, 'main.js'))) {
        throw new Error(`--compare needs a built dist folder (no main.js in ${args.compare})`);
      }
    } else if (arg === '--help' || arg === '-h') {
      throw new Error(USAGE);
    } else {
      const scenario = SCENARIOS.find((s) => s.id === arg);
      if (!scenario) {
        throw new Error(`unknown scenario "${arg}"\n${USAGE}`);
      }
      args.scenarios.push(scenario);
    }
  }
  if (args.scenarios.length === 0) {
    args.scenarios = [...SCENARIOS];
  }
  return args;
}

const root = process.cwd();
const log = (line: string): void => {
  process.stdout.write(`[bench] ${line}\n`);
};

/** Builds when dist is missing or older than anything it is built from. */
function ensureBuilt(): void {
  const outputs = ['dist/main.js', 'dist/sandbox/main.js'].map((f) => join(root, f));
  const builtAt = outputs.every(existsSync)
    ? Math.min(...outputs.map((f) => statSync(f).mtimeMs))
    : 0;
  const inputs = ['tsconfig.json', 'tsconfig.build.json', 'package-lock.json'].map((f) =>
    join(root, f),
  );
  const newest = Math.max(
    newestIn(join(root, 'src')),
    ...inputs.filter(existsSync).map((f) => statSync(f).mtimeMs),
  );
  if (builtAt >= newest) {
    return;
  }
  log(builtAt === 0 ? 'dist is missing: npm run build' : 'dist is older than src: npm run build');
  const build = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) {
    throw new Error('npm run build failed');
  }
}

function newestIn(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestIn(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function version(pkg: string): string {
  try {
    return (
      JSON.parse(readFileSync(join(root, 'node_modules', pkg, 'package.json'), 'utf8')) as {
        version: string;
      }
    ).version;
  } catch {
    return '?';
  }
}

function toolVersion(command: string, args: string[], pattern: RegExp): string | undefined {
  const path = whichPath(command);
  if (!path) {
    return undefined;
  }
  const out = spawnSync(path, args, { encoding: 'utf8' });
  return pattern.exec(`${out.stdout}${out.stderr}`)?.[1];
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  if (args.reportOnly) {
    const stored = readResults(join(root, 'bench/results/latest.json'));
    if (!stored) {
      throw new Error('no bench/results/latest.json yet: run npm run bench first');
    }
    await writeDocs(stored);
    return 0;
  }
  const startedAt = new Date();
  const runId = `${startedAt
    .toISOString()
    .replace(/[-:T.Z]/g, '')
    .slice(0, 14)}-${process.pid}`;
  ensureBuilt();
  // The run uses its own copy of dist, so a rebuild by someone else mid-run changes nothing.
  const cacheDir = join(root, 'node_modules/.cache/hgw-bench');
  const dist = join(cacheDir, `dist-${runId}`);
  cpSync(join(root, 'dist'), dist, { recursive: true });
  const logDir = mkdtempSync(join(tmpdir(), 'hgw-bench-'));
  const group = new ProcessGroup(logDir);
  let interrupted = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (interrupted) {
      return;
    }
    interrupted = true;
    log(`${signal}: stopping every process the benchmark started`);
    void group.stopAll().finally(() => {
      rmSync(dist, { recursive: true, force: true });
      rmSync(logDir, { recursive: true, force: true });
      process.exit(130);
    });
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  const multiCore = cpus().length >= 2;
  const cleanups: (() => Promise<unknown>)[] = [];
  let sharedRedisPattern: string | undefined;
  let redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  let redisNote: string;
  try {
    const load = LoadGenerator.start(group, multiCore ? '0' : undefined);
    cleanups.push(() => load.stop());
    const sandbox = await Sandbox.start(group, dist);
    cleanups.push(() => sandbox.proc.stop());
    const shared = new URL(redisUrl);
    const loopback = ['127.0.0.1', 'localhost'].includes(shared.hostname);
    if (loopback && (await redisPing(Number(shared.port || 6379), shared.hostname))) {
      sharedRedisPattern = `hgw-bench:${runId}:*`;
      redisNote = `the machine's Redis at ${shared.host} with a fresh key prefix per gateway (hgw-bench:<run>:<n>:), deleted after the run; a private redis-server for the kill drill`;
    } else {
      const own = await PrivateRedis.start(group, logDir, 'redis-main');
      cleanups.push(() => own.stop());
      redisUrl = own.url;
      redisNote = `a private redis-server (no Redis answered at ${shared.host}); another private one for the kill drill`;
    }
    let prefixes = 0;
    const base = {
      smoke: args.smoke,
      sizes: args.smoke
        ? { roundSec: 0.5, warmupSec: 0.3, pairs: 1 }
        : { roundSec: 5, warmupSec: 3, pairs: 3 },
      group,
      load,
      dist,
      logDir,
      sandbox,
      redisUrl,
      runId,
      pick: <T>(full: T, smoke: T): T => (args.smoke ? smoke : full),
      log,
      prefix: () => `hgw-bench:${runId}:${++prefixes}:`,
    };
    const ctx: BenchContext = { ...base, startGateway: makeStartGateway(base) };

    if (args.profile) {
      await profile(ctx, args.profile);
      return 0;
    }
    if (args.compare) {
      await compare(ctx, args.compare, args.path);
      return 0;
    }

    const machine: Machine = {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model ?? '?',
      node: process.version,
      os: `${osType()} ${release()}`,
      memoryGiB: totalmem() / 1024 ** 3,
      loadAverageAtStart: loadavg(),
      loadGenerator: `autocannon ${version('autocannon')} (closed loop) and an evenly paced undici ${version('undici')} pool (open loop), in a process of their own${group.pinning && multiCore ? ', pinned to CPU 0 with taskset; the servers are not pinned' : ' (not pinned: taskset or a second core is missing)'}`,
      redis: redisNote,
      versions: {
        '@nestjs/core': version('@nestjs/core'),
        fastify: version('fastify'),
        ioredis: version('ioredis'),
        undici: version('undici'),
        'redis-server': toolVersion('redis-server', ['--version'], /v=(\S+)/) ?? '?',
        nginx: toolVersion('nginx', ['-v'], /nginx\/(\S+)/) ?? 'not installed yet',
      },
    };
    const command = `npm run ${args.smoke ? 'bench:smoke' : 'bench'}${args.scenarios.length < SCENARIOS.length ? ` -- ${args.scenarios.map((s) => s.id).join(' ')}` : ''}`;
    const scenarios: ScenarioResult[] = [];
    for (const scenario of args.scenarios) {
      log(`${scenario.title} …`);
      const began = performance.now();
      const result: ScenarioResult = {
        id: scenario.id,
        runId,
        title: scenario.title,
        measuredAt: new Date().toISOString(),
        command,
        durationSec: 0,
        rows: [],
      };
      try {
        result.rows = await scenario.run(ctx);
      } catch (error) {
        result.error = error instanceof Error ? (error.stack ?? error.message) : String(error);
        log(`${scenario.title} failed: ${result.error}`);
      }
      result.durationSec = (performance.now() - began) / 1000;
      scenarios.push(result);
      for (const row of result.rows) {
        log(`  ${row.measure}: ${String(row.value)} (${verdict(row)})`);
      }
      if (interrupted) {
        break;
      }
    }
    machine.versions.nginx = toolVersion('nginx', ['-v'], /nginx\/(\S+)/) ?? 'not installed';
    const results: Results = {
      schema: 1,
      runId,
      command,
      startedAt: startedAt.toISOString(),
      durationSec: (Date.now() - startedAt.getTime()) / 1000,
      machine,
      scenarios,
    };
    process.stdout.write('\n');
    printTable(scenarios, (line) => process.stdout.write(`${line}\n`));
    process.stdout.write('\n');
    return await report(args, results);
  } finally {
    for (const cleanup of cleanups.reverse()) {
      await cleanup().catch(() => undefined);
    }
    await group.stopAll().catch(() => group.killNow());
    group.dispose();
    await closeHttp().catch(() => undefined);
    if (sharedRedisPattern) {
      const deleted = await deleteKeys(redisUrl, sharedRedisPattern).catch(() => 0);
      log(`deleted ${deleted} keys of this run from the shared Redis`);
    }
    rmSync(dist, { recursive: true, force: true });
    rmSync(logDir, { recursive: true, force: true });
  }
}

async function report(args: Args, results: Results): Promise<number> {
  const resultsDir = join(root, 'bench/results');
  mkdirSync(resultsDir, { recursive: true });
  const failed = results.scenarios.filter(
    (s) =>
      s.error !== undefined ||
      s.rows.length === 0 ||
      s.rows.some((r) => r.value === null || !Number.isFinite(r.value)),
  );
  if (args.smoke) {
    writeJson(join(resultsDir, 'smoke.json.tmp'), results);
    if (failed.length > 0) {
      log(`smoke run: no figures from ${failed.map((s) => s.id).join(', ')}`);
      return 1;
    }
    log(
      `smoke run: all ${results.scenarios.length} scenarios ran and produced figures (timings not judged)`,
    );
    return 0;
  }
  const latestFile = join(resultsDir, 'latest.json');
  const merged = merge(
    readResults(latestFile),
    results,
    SCENARIOS.map((s) => s.id),
  );
  writeJson(latestFile, merged);
  log(`wrote ${relative(root, latestFile)}`);
  await writeDocs(merged);
  return failed.length > 0 ? 1 : 0;
}

async function writeDocs(results: Results): Promise<void> {
  const notesFile = join(root, 'bench/notes.md');
  const notes = existsSync(notesFile) ? readFileSync(notesFile, 'utf8') : '';
  const docsFile = join(root, 'docs/benchmarks.md');
  writeFileSync(docsFile, await prettierMarkdown(markdown(results, notes), docsFile));
  log(`wrote ${relative(root, docsFile)}`);
}

async function prettierMarkdown(text: string, file: string): Promise<string> {
  const prettier = await import('prettier');
  const options = (await prettier.resolveConfig(file)) ?? {};
  return prettier.format(text, { ...options, parser: 'markdown' });
}

/** The gateway settings and the one request each hot path is measured with. */
async function hotPathSetup(
  ctx: BenchContext,
  what: HotPath,
): Promise<{ env: Record<string, string>; request: RequestSpec }> {
  const [id] = await ctx.sandbox.incidentIds(instanceId(0));
  const path = `/v1/incidents/${id}`;
  switch (what) {
    case 'miss':
      return { env: { CACHE_ENABLED: 'false' }, request: { path, headers: gatewayHeaders() } };
    case 'hit':
      return { env: { CACHE_TTL_INCIDENTS: '3600' }, request: { path, headers: gatewayHeaders() } };
    case 'error':
      return {
        env: {},
        request: { path, headers: { ...gatewayHeaders(), 'x-api-key': 'not-a-key-of-anyone' } },
      };
  }
}

/** `--profile=<path>`: the gateway under --cpu-prof, top self-time functions of the load window. */
async function profile(ctx: BenchContext, what: HotPath): Promise<void> {
  const dir = join(ctx.logDir, 'profile');
  mkdirSync(dir, { recursive: true });
  const { env, request } = await hotPathSetup(ctx, what);
  const gateway = await ctx.startGateway(env, {
    nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${dir}`],
  });
  const seconds = ctx.pick(10, 1);
  await ctx.load.run({
    origin: gateway.origin,
    requests: [request],
    connections: 32,
    durationSec: ctx.pick(3, 0.5),
  });
  const from = monotonicMicros();
  const result = await ctx.load.run({
    origin: gateway.origin,
    requests: [request],
    connections: 32,
    durationSec: seconds,
  });
  const to = monotonicMicros();
  await gateway.stop();
  const top = topSelfTime(dir, from, to, 40);
  log(
    `${what} path: ${Math.round(result.rps)} req/s at c=32; ${Math.round(top.sampledMs)} ms of samples in the load window`,
  );
  const pct = (share: number): string => `${(share * 100).toFixed(1).padStart(5)} %`;
  process.stdout.write('\nself time by function\n');
  for (const f of top.functions) {
    process.stdout.write(`${pct(f.share)}  ${f.name}\n`);
  }
  process.stdout.write('\nself time by package\n');
  for (const p of top.packages.slice(0, 20)) {
    process.stdout.write(`${pct(p.share)}  ${p.name}\n`);
  }
  mkdirSync(join(root, 'bench/results'), { recursive: true });
  const kept = join(root, `bench/results/${what}.cpuprofile.tmp`);
  cpSync(top.file, kept);
  log(
    `profile kept in ${relative(root, kept)} (open it in Chrome DevTools or read it with any .cpuprofile viewer)`,
  );
}

/**
 * `--compare=<dir>`: the same hot path on two builds at once, alternating rounds (A = the other
 * build, B = this one), so a change is judged by the ratio of each pair, never across runs.
 */
async function compare(ctx: BenchContext, other: string, what: HotPath): Promise<void> {
  const otherCopy = join(root, 'node_modules/.cache/hgw-bench', `compare-${ctx.runId}`);
  cpSync(other, otherCopy, { recursive: true });
  try {
    const { env, request } = await hotPathSetup(ctx, what);
    const before = await Gateway.start(ctx.group, otherCopy, ctx.sandbox, {
      redisUrl: ctx.redisUrl,
      keyPrefix: ctx.prefix(),
      env,
      name: 'gateway-before',
    });
    const after = await ctx.startGateway(env, { name: 'gateway-after' });
    // CPU per response of each round, in µs, measured alongside (see recordingCpu).
    const cpu = new Map<LoadResult, number>();
    const closed = (gateway: Gateway) =>
      recordingCpu(gateway.proc.pid, cpu, (seconds) =>
        ctx.load.run({
          origin: gateway.origin,
          requests: [request],
          connections: 32,
          durationSec: seconds,
        }),
      );
    const sizes = { ...ctx.sizes, pairs: ctx.pick(5, 1) };
    const results = await alternate({ ...ctx, sizes }, closed(before), closed(after));
    const ratio = pairRatios(results, (r) => r.rps);
    log(`${what} path, c=32: before ${rps(results.a)} req/s, after ${rps(results.b)} req/s`);
    log(`after ÷ before: ${fmt(ratio.median, 3)} (${describeSpread(ratio, 3)})`);
    // A build that answers with errors is fast for the wrong reason.
    log(`non-2xx or errors: before ${failures(results.a)}, after ${failures(results.b)}`);
    if (cpu.size === results.a.length + results.b.length + 2) {
      const perResponse = (r: LoadResult) => cpu.get(r) as number;
      const list = (rs: LoadResult[]) => rs.map((r) => fmt(perResponse(r), 0)).join(' / ');
      // Fewer µs is better, so before ÷ after reads like the throughput ratio.
      const cpuRatio = pairRatios({ a: results.b, b: results.a }, perResponse);
      log(`CPU per response: before ${list(results.a)} µs, after ${list(results.b)} µs`);
      log(`CPU before ÷ after: ${fmt(cpuRatio.median, 3)} (${describeSpread(cpuRatio, 3)})`);
    }
    await Promise.all([before.stop(), after.stop()]);
  } finally {
    rmSync(otherCopy, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(
      `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  },
);
