import { Agent, request } from 'undici';

/** Every URL the harness talks to; anything but loopback is refused before a byte is sent. */
export function assertLoopback(url: string): void {
  const host = new URL(url).hostname;
  if (host !== '127.0.0.1' && host !== 'localhost' && host !== '[::1]') {
    throw new Error(`The benchmark only sends traffic to loopback, not to ${host}`);
  }
}

/** Plenty of connections: a burst of 1,000 concurrent requests really is concurrent. */
const agent = new Agent({ connections: 2048, pipelining: 1, keepAliveTimeout: 10_000 });

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  ms: number;
}

export async function send(
  url: string,
  options: {
    method?: string;
    headers?: Record<string, string>;
    body?: string;
    timeoutMs?: number;
  } = {},
): Promise<Answer> {
  assertLoopback(url);
  const started = performance.now();
  const response = await request(url, {
    method: (options.method ?? 'GET') as 'GET',
    headers: options.headers,
    body: options.body,
    dispatcher: agent,
    headersTimeout: options.timeoutMs ?? 30_000,
    bodyTimeout: options.timeoutMs ?? 30_000,
  });
  const text = await response.body.text();
  return {
    status: response.statusCode,
    headers: response.headers,
    text,
    ms: performance.now() - started,
  };
}

export async function getJson<T>(url: string, headers?: Record<string, string>): Promise<T> {
  const answer = await send(url, { headers });
  if (answer.status !== 200) {
    throw new Error(`GET ${url} answered ${answer.status}: ${answer.text.slice(0, 200)}`);
  }
  return JSON.parse(answer.text) as T;
}

export async function postJson(url: string, body: unknown): Promise<string> {
  const answer = await send(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (answer.status >= 300) {
    throw new Error(`POST ${url} answered ${answer.status}: ${answer.text.slice(0, 200)}`);
  }
  return answer.text;
}

export async function del(url: string): Promise<void> {
  const answer = await send(url, { method: 'DELETE' });
  if (answer.status >= 300) {
    throw new Error(`DELETE ${url} answered ${answer.status}`);
  }
}

/** Polls until `url` answers `status` (any status when omitted), or throws after `timeoutMs`. */
export async function waitForHttp(
  url: string,
  options: {
    timeoutMs?: number;
    status?: number;
    headers?: Record<string, string>;
    alive?: () => boolean;
  } = {},
): Promise<void> {
  const until = Date.now() + (options.timeoutMs ?? 30_000);
  let last = 'no answer';
  while (Date.now() < until) {
    if (options.alive && !options.alive()) {
      throw new Error(`the process behind ${url} exited while starting`);
    }
    try {
      const answer = await send(url, { headers: options.headers, timeoutMs: 2000 });
      if (options.status === undefined || answer.status === options.status) {
        return;
      }
      last = `status ${answer.status}`;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    await sleep(100);
  }
  throw new Error(`${url} did not become ready: ${last}`);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export async function closeHttp(): Promise<void> {
  await agent.close();
}
