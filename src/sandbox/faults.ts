import { hashString, mulberry32, type Random } from './random.js';

export interface FaultRule {
  method?: string;
  /** Substring of the path after /elements/api-v2 (no query string), or a `/regex/flags` string. */
  path?: string;
  instanceId?: string;
  status?: number;
  /** A string is sent as-is (HTML, empty); an object as JSON. */
  body?: string | object;
  headers?: Record<string, string>;
  /** Delay before answering: then the fault's status, or normal handling without one. */
  latencyMs?: number;
  /** Never answer; the socket stays open until the client gives up or the sandbox closes. */
  hang?: boolean;
  /** Destroy the socket with a TCP RST without answering. */
  reset?: boolean;
  /** Probability 0..1 that a matching request is hit, from a PRNG seeded per rule. */
  rate?: number;
  /** Hit only the first N matching requests, then expire. */
  times?: number;
  /** Seed of the rule's PRNG; defaults to one derived from the rule id. */
  seed?: number;
}

export interface FaultTarget {
  method: string;
  path: string;
  instanceId?: string;
}

interface ActiveFault {
  id: string;
  rule: FaultRule;
  matchesPath: (path: string) => boolean;
  random: Random;
  remaining: number;
}

/** Rules are tried in insertion order; the first matching rule that fires wins. */
export class FaultRegistry {
  private readonly active: ActiveFault[] = [];
  private nextId = 1;

  add(rule: FaultRule): string {
    const id = `fault-${this.nextId++}`;
    this.active.push({
      id,
      rule: { ...rule },
      matchesPath: pathMatcher(rule.path),
      random: mulberry32(rule.seed ?? hashString(id)),
      remaining: rule.times ?? Number.POSITIVE_INFINITY,
    });
    return id;
  }

  remove(id: string): void {
    const index = this.active.findIndex((fault) => fault.id === id);
    if (index >= 0) {
      this.active.splice(index, 1);
    }
  }

  clear(): void {
    this.active.length = 0;
  }

  list(): { id: string; rule: FaultRule; remaining: number | null }[] {
    return this.active.map((fault) => ({
      id: fault.id,
      rule: { ...fault.rule },
      remaining: Number.isFinite(fault.remaining) ? fault.remaining : null,
    }));
  }

  /** Returns the rule that fires for this request, consuming one of its `times`. */
  fire(target: FaultTarget): FaultRule | undefined {
    for (const fault of this.active) {
      if (!matches(fault, target)) {
        continue;
      }
      if (fault.rule.rate !== undefined && fault.random() >= fault.rule.rate) {
        continue;
      }
      fault.remaining--;
      if (fault.remaining <= 0) {
        this.remove(fault.id);
      }
      return fault.rule;
    }
    return undefined;
  }
}

function matches(fault: ActiveFault, target: FaultTarget): boolean {
  const { method, instanceId } = fault.rule;
  return (
    (method === undefined || method.toUpperCase() === target.method) &&
    (instanceId === undefined || instanceId === target.instanceId) &&
    fault.matchesPath(target.path)
  );
}

function pathMatcher(path: string | undefined): (path: string) => boolean {
  if (path === undefined) {
    return () => true;
  }
  const pattern = pathRegex(path);
  return pattern ? (candidate) => pattern.test(candidate) : (candidate) => candidate.includes(path);
}

/** A `/…/flags` path is a regular expression; throws when it does not compile. */
export function pathRegex(path: string): RegExp | undefined {
  const regex = /^\/(.+)\/([dgimsuy]*)$/s.exec(path);
  if (!regex) {
    return undefined;
  }
  // A stateful (g/y) regex would skip matches on alternate calls.
  return new RegExp(regex[1] ?? '', (regex[2] ?? '').replace(/[gy]/g, ''));
}
