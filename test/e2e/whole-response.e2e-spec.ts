import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Pool } from 'undici';
import {
  AttemptTimeoutError,
  dispatchWhole,
  ResponseTooLargeError,
} from '../../src/upstream/whole-response.js';

/*
 * The upstream client's one exchange (src/upstream/whole-response.ts) against a real HTTP server
 * on loopback: the whole body however it is cut, and the attempt's time bound wherever the time
 * is spent (no answer yet, a body that stops, no free connection).
 */
type Handler = (request: IncomingMessage, response: ServerResponse) => void;

describe('dispatchWhole', () => {
  let server: Server;
  let handler: Handler;
  let received: number;
  let closedEarly: number;
  let pool: Pool;

  beforeAll(async () => {
    server = createServer((request, response) => {
      received++;
      response.on('close', () => {
        if (!response.writableFinished) {
          closedEarly++;
        }
      });
      handler(request, response);
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
  });

  beforeEach(() => {
    received = 0;
    closedEarly = 0;
    const { port } = server.address() as AddressInfo;
    pool = new Pool(`http://127.0.0.1:${port}`, { connections: 1 });
  });

  afterEach(async () => {
    await pool.destroy();
    server.closeAllConnections();
  });

  afterAll(async () => {
    server.close();
    await once(server, 'close');
  });

  const get = (timeoutMs = 1000, maxBytes = 1024 * 1024) =>
    dispatchWhole(pool, {
      method: 'GET',
      path: '/x',
      headers: { accept: '*/*' },
      timeoutMs,
      maxBytes,
    });

  it('should give the status, headers and a body sent in pieces, a character cut in two included', async () => {
    const bytes = Buffer.from('{"name":"Müller – ✓"}', 'utf8');
    const cut = bytes.indexOf(Buffer.from('ü', 'utf8')) + 1;
    handler = (_request, response) => {
      response.writeHead(201, { 'content-type': 'application/json', 'elements-request-id': 'ab' });
      response.write(bytes.subarray(0, cut));
      setTimeout(() => response.end(bytes.subarray(cut)), 20);
    };
    const answer = await get();
    expect(answer.status).toBe(201);
    expect(answer.headers['elements-request-id']).toBe('ab');
    expect(JSON.parse(answer.text)).toEqual({ name: 'Müller – ✓' });
  });

  it('should give an empty body as empty text', async () => {
    handler = (_request, response) => response.writeHead(204).end();
    expect(await get()).toEqual(expect.objectContaining({ status: 204, text: '' }));
  });

  it('should take a body of exactly its limit', async () => {
    handler = (_request, response) => response.end('x'.repeat(100));
    expect((await get(1000, 100)).text).toHaveLength(100);
  });

  it('should refuse a body its Content-Length says is over the limit, without reading it', async () => {
    handler = (_request, response) => {
      response.writeHead(200, { 'content-length': '1000000' });
      response.write('{"big":"');
    };
    await expect(get(1000, 1000)).rejects.toBeInstanceOf(ResponseTooLargeError);
    await waitFor(() => closedEarly === 1);
  });

  it('should refuse a body sent in chunks as soon as it is over the limit, and drop the call', async () => {
    handler = (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.write('x'.repeat(600));
      setTimeout(() => response.write('x'.repeat(600)), 20);
    };
    const started = performance.now();
    await expect(get(5000, 1000)).rejects.toBeInstanceOf(ResponseTooLargeError);
    expect(performance.now() - started).toBeLessThan(1000);
    await waitFor(() => closedEarly === 1);
  });

  it('should fail at its time bound when no answer comes, and drop the call', async () => {
    handler = () => undefined;
    const started = performance.now();
    await expect(get(150)).rejects.toBeInstanceOf(AttemptTimeoutError);
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    expect(performance.now() - started).toBeLessThan(1000);
    await waitFor(() => closedEarly === 1);
  });

  it('should fail at its time bound when the body stops coming', async () => {
    handler = (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.write('{"partial":');
    };
    await expect(get(150)).rejects.toBeInstanceOf(AttemptTimeoutError);
    await waitFor(() => closedEarly === 1);
  });

  it('should fail at its time bound while waiting for a connection, and never be sent', async () => {
    let release = (): void => undefined;
    handler = (_request, response) => {
      release = () => response.writeHead(200).end('{}');
    };
    // The pool's only connection is held by the first call.
    const first = get(5000);
    await waitFor(() => received === 1);
    const started = performance.now();
    await expect(get(150)).rejects.toBeInstanceOf(AttemptTimeoutError);
    expect(performance.now() - started).toBeLessThan(1000);
    release();
    expect((await first).status).toBe(200);
    // The queued call starts once the connection is free and is dropped before it is sent.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(received).toBe(1);
  });

  it('should pass a refused connection on with its network code', async () => {
    const closed = createServer();
    closed.listen(0, '127.0.0.1');
    await once(closed, 'listening');
    const { port } = closed.address() as AddressInfo;
    closed.close();
    await once(closed, 'close');
    const nowhere = new Pool(`http://127.0.0.1:${port}`);
    try {
      await expect(
        dispatchWhole(nowhere, {
          method: 'GET',
          path: '/',
          headers: {},
          timeoutMs: 1000,
          maxBytes: 1024,
        }),
      ).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    } finally {
      await nowhere.destroy();
    }
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 2000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > until) {
      throw new Error('condition not met in time');
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
