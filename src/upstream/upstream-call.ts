import type { Readable } from 'node:stream';
import type { RequestContext } from '../core/http/request-context.js';

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

/** The part of an upstream call that comes from the caller's request. */
export type CallContext = Pick<UpstreamCall, 'tenant' | 'requestId' | 'deadlineAt' | 'subject'>;

/** Tenant, request id and deadline of the caller's request, and what the call is about. */
export function callFrom(ctx: RequestContext, subject?: string): CallContext {
  return { tenant: ctx.tenant, requestId: ctx.requestId, deadlineAt: ctx.deadlineAt, subject };
}
