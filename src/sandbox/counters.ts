export interface SandboxCounters {
  total: number;
  /** Keyed by method and route template, e.g. "GET /hubs/helpdesk/incidents/{id}". */
  byRoute: Record<string, number>;
  byInstance: Record<string, number>;
  /** HTTP status as a string; "none" for requests that never got an answer (hang, reset, abort). */
  byStatus: Record<string, number>;
  /** GET /instances/{id} calls. */
  instanceLookups: number;
  inFlight: number;
  maxInFlight: number;
}

export interface CompletedCall {
  routeKey: string;
  instanceId?: string;
  status: number | 'none';
  instanceLookup: boolean;
}

export class CounterSet {
  private counters = CounterSet.empty(0);

  private static empty(inFlight: number): SandboxCounters {
    return {
      total: 0,
      byRoute: {},
      byInstance: {},
      byStatus: {},
      instanceLookups: 0,
      inFlight,
      maxInFlight: inFlight,
    };
  }

  started(): void {
    this.counters.inFlight++;
    this.counters.maxInFlight = Math.max(this.counters.maxInFlight, this.counters.inFlight);
  }

  completed(call: CompletedCall): void {
    const counters = this.counters;
    counters.inFlight = Math.max(0, counters.inFlight - 1);
    counters.total++;
    increment(counters.byRoute, call.routeKey);
    increment(counters.byStatus, String(call.status));
    if (call.instanceId !== undefined) {
      increment(counters.byInstance, call.instanceId);
    }
    if (call.instanceLookup) {
      counters.instanceLookups++;
    }
  }

  snapshot(): SandboxCounters {
    return structuredClone(this.counters);
  }

  /** Requests still running stay in the in-flight gauge. */
  reset(): void {
    this.counters = CounterSet.empty(this.counters.inFlight);
  }
}

function increment(map: Record<string, number>, key: string): void {
  map[key] = (map[key] ?? 0) + 1;
}
