import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface SelfTime {
  name: string;
  share: number;
}

/** The monotonic clock V8 stamps profile samples with, in µs (CLOCK_MONOTONIC, as hrtime). */
export function monotonicMicros(): number {
  return Number(process.hrtime.bigint() / 1000n);
}

/**
 * Self time per function (and per package) from the `.cpuprofile` in `dir`, counting only samples
 * taken between `fromUs` and `toUs`, so start-up and shutdown do not dilute the hot path.
 */
export function topSelfTime(
  dir: string,
  fromUs: number,
  toUs: number,
  limit = 30,
): { file: string; functions: SelfTime[]; packages: SelfTime[]; sampledMs: number } {
  const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  if (!file) {
    throw new Error(`no .cpuprofile in ${dir}`);
  }
  const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  const packages = new Map<string, number>();
  let at = profile.startTime;
  let total = 0;
  for (const [i, sample] of profile.samples.entries()) {
    const delta = profile.timeDeltas[i] ?? 0;
    at += delta;
    if (at < fromUs || at > toUs) {
      continue;
    }
    const node = byId.get(sample);
    if (!node) {
      continue;
    }
    total += delta;
    const { functionName, url, lineNumber } = node.callFrame;
    const where = shortUrl(url);
    const name = `${functionName || '(anonymous)'} ${where}${where ? `:${lineNumber + 1}` : ''}`;
    self.set(name, (self.get(name) ?? 0) + delta);
    const pkg = packageOf(url, functionName);
    packages.set(pkg, (packages.get(pkg) ?? 0) + delta);
  }
  const top = (map: Map<string, number>): SelfTime[] =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, limit)
      .map(([name, us]) => ({ name, share: total > 0 ? us / total : 0 }));
  return {
    file: join(dir, file),
    functions: top(self),
    packages: top(packages),
    sampledMs: total / 1000,
  };
}

/** The run's copy of dist lives under node_modules/.cache: name it dist/ again. */
function gatewayPath(url: string): string | undefined {
  const match =
    /\/hgw-bench\/dist-[^/]+\/(.*)$/.exec(url) ?? /^file:\/\/.*?\/dist\/(.*)$/.exec(url);
  return match ? `dist/${match[1] as string}` : undefined;
}

function shortUrl(url: string): string {
  return gatewayPath(url) ?? url.replace(/^.*node_modules\//, '').replace(/^file:\/\//, '');
}

function packageOf(url: string, functionName: string): string {
  if (gatewayPath(url)) {
    return 'gateway (dist)';
  }
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (match) {
    return match[1] as string;
  }
  if (url.startsWith('node:')) {
    return 'node core (JS)';
  }
  return functionName.startsWith('(') ? functionName : `native: ${functionName}`;
}
