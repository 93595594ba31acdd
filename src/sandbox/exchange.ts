import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CounterSet } from './counters.js';
import { SandboxHttpError } from './http-error.js';
import type { RequestLog } from './request-log.js';

export interface ExchangeDeps {
  counters: CounterSet;
  log: RequestLog;
}

const JSON_TYPE = 'application/json;charset=UTF-8';

/**
 * One counted hub or instance call: tracks what the request log and counters need and
 * records it exactly once, just before the answer is written (or when the socket goes away).
 */
export class Exchange {
  routeTemplate = '(unmatched)';
  instanceId?: string;
  body?: unknown;
  whereAst?: unknown;
  private readonly at = new Date().toISOString();
  private completed = false;

  constructor(
    readonly requestId: string,
    readonly request: IncomingMessage,
    readonly response: ServerResponse,
    readonly path: string,
    readonly query: URLSearchParams,
    private readonly deps: ExchangeDeps,
  ) {
    deps.counters.started();
    response.once('close', () => this.complete(0));
  }

  get method(): string {
    return this.request.method ?? 'GET';
  }

  sendJson(status: number, body: unknown, headers: Record<string, string> = {}): void {
    this.sendRaw(status, JSON.stringify(body), { 'Content-Type': JSON_TYPE, ...headers });
  }

  sendEmpty(status: number, headers: Record<string, string> = {}): void {
    this.sendRaw(status, '', headers);
  }

  sendError(error: unknown): void {
    const known = error instanceof SandboxHttpError;
    if (!known) {
      process.stderr.write(`sandbox: unexpected error: ${String(error)}\n`);
    }
    const status = known ? error.status : 500;
    const message = known ? error.message : 'Internal error in the Cloud Elements sandbox';
    const providerMessage = known ? error.providerMessage : undefined;
    this.sendJson(
      status,
      {
        requestId: this.requestId,
        message,
        ...(providerMessage !== undefined && { providerMessage }),
      },
      known ? error.headers : {},
    );
  }

  sendRaw(status: number, payload: string | Buffer, headers: Record<string, string>): void {
    this.complete(status);
    // The client may have given up, or close() destroyed the socket, while this call waited.
    if (this.response.headersSent || this.response.destroyed || this.request.socket.destroyed) {
      return;
    }
    this.response.writeHead(status, { ...headers, 'Content-Length': Buffer.byteLength(payload) });
    this.response.end(payload);
  }

  /** TCP RST without an answer. */
  resetConnection(): void {
    this.complete(0);
    this.request.socket.resetAndDestroy();
  }

  private complete(status: number): void {
    if (this.completed) {
      return;
    }
    this.completed = true;
    const method = this.method;
    this.deps.counters.completed({
      routeKey: `${method} ${this.routeTemplate}`,
      instanceId: this.instanceId,
      status: status === 0 ? 'none' : status,
      instanceLookup: method === 'GET' && this.routeTemplate === '/instances/{id}',
    });
    this.deps.log.add({
      at: this.at,
      method,
      path: this.path,
      routeTemplate: this.routeTemplate,
      ...(this.instanceId !== undefined && { instanceId: this.instanceId }),
      query: Object.fromEntries(this.query),
      ...(this.query.has('where') && { where: this.query.get('where') ?? '' }),
      ...(this.whereAst !== undefined && { whereAst: this.whereAst }),
      ...(this.body !== undefined && { body: this.body }),
      headers: loggedHeaders(this.request),
      status,
      elementsRequestId: this.requestId,
    });
  }
}

function loggedHeaders(request: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) {
      headers[name] =
        name === 'authorization' ? '[redacted]' : Array.isArray(value) ? value.join(', ') : value;
    }
  }
  return headers;
}
