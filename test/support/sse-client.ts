import { Agent, fetch, type Response } from 'undici';

/** One Server-Sent Event as a client sees it (`event` defaults to "message"). */
export interface SseMessage {
  id?: string;
  event: string;
  data: string;
}

/**
 * A small SSE client over a fetch Response: parses the body stream as it arrives (per the
 * WHATWG event-stream format), keeps every message and comment, and lets a test wait for one.
 */
export class SseClient {
  readonly messages: SseMessage[] = [];
  readonly comments: string[] = [];
  retryMs?: number;
  /** Resolves when the server ends the stream (or the client closes it). */
  readonly ended: Promise<void>;
  private waiters: { test: (m: SseMessage) => boolean; resolve: (m: SseMessage) => void }[] = [];
  private endedFlag = false;

  constructor(
    readonly response: Response,
    private readonly abort: AbortController,
    private readonly agent?: Agent,
  ) {
    // A problem answer is left unread for the test to look at.
    this.ended = (response.headers.get('content-type') ?? '').startsWith('text/event-stream')
      ? this.read()
      : Promise.resolve();
  }

  get isEnded(): boolean {
    return this.endedFlag;
  }

  /** The messages whose data parses as JSON, parsed (the change events). */
  get events(): Record<string, any>[] {
    return this.messages.filter((m) => m.event === 'message').map((m) => JSON.parse(m.data));
  }

  /** Waits for the first message (already received or to come) that passes the test. */
  next(test: (message: SseMessage) => boolean = () => true, timeoutMs = 5000): Promise<SseMessage> {
    const seen = this.messages.find(test);
    if (seen) {
      return Promise.resolve(seen);
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w.resolve !== done);
        reject(
          new Error(
            `No matching SSE message within ${timeoutMs} ms; got ${JSON.stringify(this.messages)}`,
          ),
        );
      }, timeoutMs);
      const done = (message: SseMessage): void => {
        clearTimeout(timer);
        resolve(message);
      };
      this.waiters.push({ test, resolve: done });
    });
  }

  /** Waits for a change event about this object id. */
  async nextEvent(
    objectId: string,
    timeoutMs = 5000,
  ): Promise<{ id?: string; event: Record<string, any> }> {
    const message = await this.next(
      (m) => m.event === 'message' && JSON.parse(m.data).objectId === objectId,
      timeoutMs,
    );
    return { id: message.id, event: JSON.parse(message.data) };
  }

  close(): void {
    this.abort.abort();
    this.agent?.destroy().catch(() => undefined);
  }

  private async read(): Promise<void> {
    const reader = this.response.body?.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    let fields: Partial<SseMessage> & { data?: string } = {};
    try {
      for (;;) {
        const { done, value } = reader ? await reader.read() : { done: true, value: undefined };
        if (done) {
          break;
        }
        buffer += decoder.decode(value, { stream: true });
        let newline: number;
        while ((newline = buffer.search(/\r\n|\r|\n/)) >= 0) {
          const line = buffer.slice(0, newline);
          buffer = buffer.slice(newline + (buffer.startsWith('\r\n', newline) ? 2 : 1));
          fields = this.line(line, fields);
        }
      }
    } catch {
      // Aborted or reset: the stream is over either way.
    } finally {
      this.endedFlag = true;
      if (!this.agent?.destroyed) {
        this.agent?.close().catch(() => undefined);
      }
    }
  }

  private line(line: string, fields: Partial<SseMessage> & { data?: string }): typeof fields {
    if (line === '') {
      if (fields.data !== undefined) {
        this.dispatch({ id: fields.id, event: fields.event ?? 'message', data: fields.data });
      }
      return {};
    }
    if (line.startsWith(':')) {
      this.comments.push(line.slice(1).trim());
      return fields;
    }
    const colon = line.indexOf(':');
    const name = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    switch (name) {
      case 'data':
        return { ...fields, data: fields.data === undefined ? value : `${fields.data}\n${value}` };
      case 'event':
        return { ...fields, event: value };
      case 'id':
        return { ...fields, id: value };
      case 'retry':
        this.retryMs = Number(value);
        return fields;
      default:
        return fields;
    }
  }

  private dispatch(message: SseMessage): void {
    this.messages.push(message);
    for (const waiter of [...this.waiters]) {
      if (waiter.test(message)) {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        waiter.resolve(message);
      }
    }
  }
}

/**
 * Opens an event stream with fetch on a connection of its own (closing the client closes it, so
 * no pooled keep-alive socket outlives the test); resolves with the response, stream or problem.
 */
export async function openSse(
  url: string,
  headers: Record<string, string> = {},
): Promise<SseClient> {
  const abort = new AbortController();
  const agent = new Agent({ connections: 1 });
  const response = await fetch(url, {
    headers: { accept: 'text/event-stream, application/problem+json', ...headers },
    signal: abort.signal,
    dispatcher: agent,
  });
  return new SseClient(response, abort, agent);
}
