import type { Dispatcher } from 'undici';

/** What an exchange with the upstream gave: its status, headers and whole body as text. */
export interface WholeResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/** The exchange ran out of its time; raised by `dispatchWhole`, never by undici. */
export class AttemptTimeoutError extends Error {
  constructor(timeoutMs: number) {
    super(`No whole answer within ${timeoutMs} ms`);
    this.name = 'AttemptTimeoutError';
  }
}

/** The answer's body is longer than the caller takes; raised by `dispatchWhole`, never by undici. */
export class ResponseTooLargeError extends Error {
  constructor(maxBytes: number) {
    super(`The answer's body is over ${maxBytes} bytes`);
    this.name = 'ResponseTooLargeError';
  }
}

export interface WholeRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string | Buffer | NodeJS.ReadableStream;
  timeoutMs: number;
  /** The longest body taken; a longer one fails the call, so no answer can exhaust memory. */
  maxBytes: number;
}

/**
 * One request on a pool, its answer read whole, failed with AttemptTimeoutError once `timeoutMs`
 * has passed (waiting for a connection included), and with ResponseTooLargeError as soon as the
 * body is known to be longer than `maxBytes` (its Content-Length, or the bytes received).
 *
 * undici's own `request()` gives the body as a stream and is bounded by an AbortSignal; for an
 * answer that is read whole anyway, both cost more than the call: a Readable, a consumer, an
 * AsyncResource and a signal with listeners per call, most of it alive for the whole wait and so
 * promoted by the scavenges it outlives. The dispatch API hands over the chunks and an abort.
 */
/**
 * undici runs timeouts of a second or more on a timer that ticks every 499 ms, so its own header
 * and body timeouts can end a call up to half a second before they are due: they stay as
 * backstops, and the attempt's own timer is the bound.
 */
const UNDICI_TIMER_SLACK_MS = 1000;

export function dispatchWhole(pool: Dispatcher, request: WholeRequest): Promise<WholeResponse> {
  return new Promise((resolve, reject) => {
    const handler = new WholeResponseHandler(resolve, reject, request.timeoutMs, request.maxBytes);
    pool.dispatch(
      {
        method: request.method,
        path: request.path,
        headers: request.headers,
        body: request.body as Dispatcher.DispatchOptions['body'],
        headersTimeout: request.timeoutMs + UNDICI_TIMER_SLACK_MS,
        bodyTimeout: request.timeoutMs + UNDICI_TIMER_SLACK_MS,
      },
      handler,
    );
  });
}

class WholeResponseHandler implements Dispatcher.DispatchHandler {
  private controller?: Dispatcher.DispatchController;
  private readonly timer: NodeJS.Timeout;
  private settled = false;
  private status = 0;
  private headers: WholeResponse['headers'] = {};
  private readonly chunks: Buffer[] = [];
  private bytes = 0;

  constructor(
    private readonly resolve: (response: WholeResponse) => void,
    private readonly reject: (error: Error) => void,
    private readonly timeoutMs: number,
    private readonly maxBytes: number,
  ) {
    this.timer = setTimeout(() => this.timeOut(), timeoutMs);
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.controller = controller;
    if (this.settled) {
      // Timed out while waiting for a connection: nobody waits for this answer any more.
      controller.abort(new AttemptTimeoutError(this.timeoutMs));
    }
  }

  onResponseStart(
    controller: Dispatcher.DispatchController,
    statusCode: number,
    headers: WholeResponse['headers'],
  ): void {
    // 1xx informational answers come before the real one.
    if (statusCode >= 200) {
      this.status = statusCode;
      this.headers = headers;
      if (Number(headers['content-length']) > this.maxBytes) {
        this.tooLarge(controller);
      }
    }
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    this.bytes += chunk.length;
    if (this.bytes > this.maxBytes) {
      this.tooLarge(controller);
      return;
    }
    this.chunks.push(chunk);
  }

  onResponseEnd(): void {
    if (this.settle()) {
      const chunks = this.chunks;
      const text =
        chunks.length === 1
          ? (chunks[0] as Buffer).toString('utf8')
          : Buffer.concat(chunks).toString('utf8');
      this.resolve({ status: this.status, headers: this.headers, text });
    }
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    if (this.settle()) {
      this.reject(error);
    }
  }

  private tooLarge(controller: Dispatcher.DispatchController): void {
    if (this.settle()) {
      const error = new ResponseTooLargeError(this.maxBytes);
      this.reject(error);
      controller.abort(error);
    }
  }

  private timeOut(): void {
    if (this.settle()) {
      const error = new AttemptTimeoutError(this.timeoutMs);
      this.reject(error);
      this.controller?.abort(error);
    }
  }

  /** True the first time: the answer, an error or the timeout, whichever comes first, decides. */
  private settle(): boolean {
    if (this.settled) {
      return false;
    }
    this.settled = true;
    clearTimeout(this.timer);
    return true;
  }
}
