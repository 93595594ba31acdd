import type { SecretRedactor } from '../security/secret-redactor.js';
import type { QueryValue, UpstreamMethod } from './upstream-call.js';
import { UpstreamFailure, parseRetryAfter, type UpstreamPhase } from './upstream-failure.js';
import type { WholeResponse } from './whole-response.js';

/* The pieces of one HTTP exchange with Cloud Elements, apart from the client that runs them. */

export interface RawExchange {
  method: UpstreamMethod;
  path: string;
  headers: Record<string, string>;
  body?: string | Buffer | NodeJS.ReadableStream;
  phase: UpstreamPhase;
  subject?: string;
  deadlineAt?: number;
}

export interface RawResponse extends WholeResponse {
  /** `Elements-Request-Id`, made fit to log and echo (see upstreamRequestId). */
  upstreamRequestId?: string;
}

/** The same bound as a caller's X-Request-Id; Cloud Elements' own ids are 24 hex digits. */
const MAX_REQUEST_ID_LENGTH = 128;
const MAX_MESSAGE_LENGTH = 1000;

/**
 * Cloud Elements' request id as the gateway logs and echoes it: the upstream may put anything in
 * it, an echo of the credentials it was sent included.
 */
export function upstreamRequestId(
  value: string | undefined,
  secrets: SecretRedactor,
): string | undefined {
  return secrets.bounded(value, MAX_REQUEST_ID_LENGTH);
}

/**
 * The failure of a non-2xx answer. The upstream's words (`requestId`, `message`,
 * `providerMessage`) reach internal callers, so every secret the process holds is masked in them
 * here, where they enter the gateway.
 */
export function statusFailure(
  response: RawResponse,
  request: RawExchange,
  secrets: SecretRedactor,
): UpstreamFailure {
  const body = tryJson(response.text);
  const ceBody = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  return new UpstreamFailure({
    kind: 'status',
    phase: request.phase,
    method: request.method,
    subject: request.subject,
    status: response.status,
    retryAfterSeconds: parseRetryAfter(header(response, 'retry-after')),
    upstreamRequestId:
      response.upstreamRequestId ?? upstreamRequestId(stringOrUndefined(ceBody.requestId), secrets),
    ceMessage: secrets.bounded(stringOrUndefined(ceBody.message), MAX_MESSAGE_LENGTH),
    providerMessage: secrets.bounded(stringOrUndefined(ceBody.providerMessage), MAX_MESSAGE_LENGTH),
  });
}

export function parseBody<T>(response: RawResponse, method: string, phase: UpstreamPhase): T {
  if (response.text.length === 0) {
    return undefined as T;
  }
  const parsed = tryJson(response.text);
  if (parsed === INVALID) {
    throw new UpstreamFailure({
      kind: 'invalid-body',
      phase,
      method,
      status: response.status,
      upstreamRequestId: response.upstreamRequestId,
    });
  }
  return parsed as T;
}

const INVALID = Symbol('invalid-json');

function tryJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return INVALID;
  }
}

export function header(response: RawResponse, name: string): string | undefined {
  const value = response.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

export function numberHeader(response: RawResponse, name: string): number | undefined {
  const value = Number(header(response, name));
  return Number.isFinite(value) ? value : undefined;
}

function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function errorCode(error: unknown): string {
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (current && typeof current === 'object' && !seen.has(current)) {
    seen.add(current);
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && !code.startsWith('UND_ERR_')) {
      return code;
    }
    current = (current as { cause?: unknown }).cause;
  }
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : 'UNKNOWN';
}

export function queryString(query: Record<string, QueryValue> | undefined): string {
  if (!query) {
    return '';
  }
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined) {
      params.set(key, String(value));
    }
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}
