import type { Readable } from 'node:stream';

export type UpstreamMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE';

export type QueryValue = string | number | undefined;

export interface UpstreamCall {
  tenant: string;
  method: UpstreamMethod;
  /** Path under `/hubs/helpdesk`, segments already encoded (use `hubPath`). */
  path: string;
  query?: Record<string, QueryValue>;
  /** JSON body for POST/PATCH. */
  body?: unknown;
  /** A ready non-JSON body (multipart attachments), streamed as-is with its content type. */
  raw?: { body: Readable | Buffer; contentType: string };
  requestId: string;
  /** What is being read or written, for messages: "incident 00163E…" gives "No incident 00163E…". */
  subject?: string;
  /** Epoch ms by which the caller's request must be answered; each attempt also has its own timeout. */
  deadlineAt?: number;
}

export interface UpstreamResult<T> {
  status: number;
  body: T;
  upstreamRequestId?: string;
  nextPageToken?: string;
  returnedCount?: number;
}

/** Joins path segments under the hub, encoding each so an id can never change the path. */
export function hubPath(...segments: string[]): string {
  return segments.map((s) => `/${encodeURIComponent(s)}`).join('');
}
