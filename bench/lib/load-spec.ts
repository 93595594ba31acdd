/**
 * One request shape. In a closed-loop run each connection cycles through the list; an open loop
 * sends the shapes in turn.
 */
export interface RequestSpec {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface LoadSpec {
  /** `http://127.0.0.1:<port>`: loopback only. */
  origin: string;
  requests: RequestSpec[];
  connections: number;
  durationSec?: number;
  /** Stop after this many responses instead of after a duration. */
  amount?: number;
  /** Open loop: this many requests per second across all connections, evenly spaced. */
  rate?: number;
  timeoutSec?: number;
  /** Width of the timeline buckets (default 1,000 ms). */
  bucketMs?: number;
}

export interface TimelineBucket {
  /** Epoch ms at which the bucket starts. */
  at: number;
  ok: number;
  other: number;
  errors: number;
  maxMs: number;
}

export interface LoadResult {
  /** Responses received (any status). */
  responses: number;
  elapsedSec: number;
  /** Responses per second. */
  rps: number;
  status: Record<string, number>;
  ok: number;
  errors: number;
  timeouts: number;
  /** Exact percentiles of every response's latency, in ms (not autocannon's 1-ms histogram). */
  latency: { p50: number; p90: number; p99: number; max: number; mean: number };
  timeline: TimelineBucket[];
  startedAt: number;
  /** Open loop only: how late the generator sent requests after they fell due, in ms. */
  sendLate?: { p99: number; max: number };
}

export type WorkerRequest = { id: number; spec: LoadSpec } | { id: number; stop: true };
export type WorkerReply = { id: number; result: LoadResult } | { id: number; error: string };
