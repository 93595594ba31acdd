import { connect, type Socket } from 'node:net';
import { expectProblem } from '../support/problem-assertions.js';
import { KEYS, startTestGateway, type TestGateway } from '../support/test-gateway.js';

const APP = 'https://app.example.test';
const DEV = 'http://localhost:5173';
const EVIL = 'https://evil.example.test';

function preflight(
  gw: TestGateway,
  origin: string,
  method = 'POST',
  path = '/v1/incidents',
): Promise<Response> {
  return fetch(`${gw.url}${path}`, {
    method: 'OPTIONS',
    headers: {
      origin,
      'access-control-request-method': method,
      'access-control-request-headers': 'authorization, content-type, x-tenant-id',
    },
  });
}

const listOf = (value: string | null): string[] =>
  (value ?? '').split(',').map((item) => item.trim().toLowerCase());

describe('CORS allow-list', () => {
  let gw: TestGateway;

  beforeAll(async () => {
    gw = await startTestGateway({ env: { CORS_ORIGINS: `${APP}, ${DEV}` } });
  });

  afterAll(async () => {
    await gw?.close();
  });

  it('should answer a preflight from an allowed origin', async () => {
    for (const origin of [APP, DEV]) {
      const response = await preflight(gw, origin, 'PATCH', '/v1/incidents/123');
      expect(response.status).toBe(204);
      expect(response.headers.get('access-control-allow-origin')).toBe(origin);
      expect(listOf(response.headers.get('access-control-allow-methods'))).toEqual(
        expect.arrayContaining(['get', 'post', 'patch', 'delete']),
      );
      expect(listOf(response.headers.get('access-control-allow-headers'))).toEqual(
        expect.arrayContaining(['authorization', 'content-type', 'x-tenant-id', 'if-match']),
      );
      expect(listOf(response.headers.get('access-control-allow-headers'))).not.toContain(
        'x-api-key',
      );
      expect(response.headers.get('access-control-max-age')).toBe('600');
      expect(listOf(response.headers.get('vary'))).toContain('origin');
      expect(response.headers.get('access-control-allow-credentials')).toBeNull();
    }
  });

  it.each([EVIL, `${APP}.evil.example.test`, 'http://app.example.test', `${APP}:8443`, 'null'])(
    'should refuse a preflight from %s with 403 and no CORS grant',
    async (origin) => {
      const response = await preflight(gw, origin);
      await expectProblem(response, 403, 'FORBIDDEN');
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
    },
  );

  it('should let an allowed origin read the answer and the exposed headers', async () => {
    const response = await gw.call('/v1/incidents?limit=1', { headers: { origin: APP } });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe(APP);
    expect(listOf(response.headers.get('access-control-expose-headers'))).toEqual(
      expect.arrayContaining([
        'x-request-id',
        'x-error-code',
        'ratelimit-limit',
        'ratelimit-remaining',
        'ratelimit-reset',
        'retry-after',
        'cache-status',
        'etag',
        'location',
      ]),
    );
  });

  it('should let an allowed origin read error answers too', async () => {
    const response = await gw.call('/v1/incidents', { key: null, headers: { origin: APP } });
    await expectProblem(response, 401, 'UNAUTHENTICATED');
    expect(response.headers.get('access-control-allow-origin')).toBe(APP);
  });

  it('should grant nothing to a refused origin on a simple request', async () => {
    const response = await gw.call('/v1/incidents?limit=1', { headers: { origin: EVIL } });
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    expect(response.headers.get('access-control-expose-headers')).toBeNull();
  });

  it('should refuse every preflight when no origin is configured', async () => {
    const closed = await startTestGateway({ sharedSandbox: gw.sandbox });
    try {
      const response = await preflight(closed, APP);
      await expectProblem(response, 403, 'FORBIDDEN');
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
    } finally {
      await closed.close();
    }
  });

  it('should name the exact origin, never *, when credentials are allowed', async () => {
    const withCredentials = await startTestGateway({
      sharedSandbox: gw.sandbox,
      env: { CORS_ORIGINS: APP, CORS_ALLOW_CREDENTIALS: 'true' },
    });
    try {
      const response = await preflight(withCredentials, APP);
      expect(response.status).toBe(204);
      expect(response.headers.get('access-control-allow-origin')).toBe(APP);
      expect(response.headers.get('access-control-allow-credentials')).toBe('true');
    } finally {
      await withCredentials.close();
    }
  });
});

describe('Security headers', () => {
  let gw: TestGateway;

  beforeAll(async () => {
    gw = await startTestGateway();
  });

  afterAll(async () => {
    await gw?.close();
  });

  it.each([
    ['a JSON answer', '/v1/incidents?limit=1', 'internal'],
    ['a 401', '/v1/incidents', null],
    ['a 404', '/v1/nothing-here', 'internal'],
    ['the metrics', '/metrics', null],
  ] as const)('should send the strict API headers on %s', async (_case, path, key) => {
    const response = await gw.call(path, { key });
    expect(response.headers.get('content-security-policy')).toBe(
      "default-src 'none';frame-ancestors 'none';base-uri 'none';form-action 'none'",
    );
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(response.headers.get('strict-transport-security')).toMatch(/^max-age=\d+/);
    expect(response.headers.get('cross-origin-resource-policy')).toBe('same-origin');
    expect(response.headers.get('cross-origin-opener-policy')).toBe('same-origin');
    expect(response.headers.get('x-powered-by')).toBeNull();
    for (const htmlOnly of [
      'origin-agent-cluster',
      'x-dns-prefetch-control',
      'x-download-options',
      'x-permitted-cross-domain-policies',
      'x-xss-protection',
    ]) {
      expect({ htmlOnly, value: response.headers.get(htmlOnly) }).toEqual({
        htmlOnly,
        value: null,
      });
    }
  });

  it('should let the docs viewer load its own scripts and styles, and nothing from elsewhere', async () => {
    const page = await gw.call('/docs', { key: null });
    expect(page.status).toBe(200);
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self' 'unsafe-inline'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    const html = await page.text();
    expect(html).not.toMatch(/<script>(?!\s*<\/script>)/);
    const scripts = [...html.matchAll(/<script src=["']([^"']+)["']/g)].map((m) => m[1] as string);
    expect(scripts.length).toBeGreaterThan(0);
    for (const src of scripts) {
      expect(src).not.toMatch(/^(https?:)?\/\//);
      const script = await fetch(new URL(src, `${gw.url}/docs`));
      await script.arrayBuffer();
      expect({ src, status: script.status }).toEqual({ src, status: 200 });
    }
  });
});

interface SlowClientResult {
  closedAfterMs: number;
  bytesSent: number;
  answer: string;
}

/** Opens a connection, sends `head` at once, then one byte of `drip` every `everyMs`. */
function slowClient(
  url: string,
  head: string,
  drip: string,
  everyMs: number,
): Promise<SlowClientResult> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const started = Date.now();
    let sent = 0;
    let answer = '';
    const socket: Socket = connect(Number(port), hostname, () => {
      socket.write(head);
      const timer = setInterval(() => {
        if (sent >= drip.length || socket.destroyed) {
          clearInterval(timer);
          return;
        }
        socket.write(drip[sent++] as string);
      }, everyMs);
      socket.once('close', () => {
        clearInterval(timer);
        resolve({ closedAfterMs: Date.now() - started, bytesSent: sent, answer });
      });
    });
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString()));
    socket.on('error', () => undefined);
    socket.setTimeout(15_000, () => reject(new Error('the gateway never closed the connection')));
  });
}

describe('Slow and oversized clients', () => {
  let gw: TestGateway;

  beforeAll(async () => {
    gw = await startTestGateway({
      env: {
        HTTP_HEADERS_TIMEOUT_MS: '600',
        HTTP_REQUEST_TIMEOUT_MS: '1200',
        HTTP_MAX_HEADER_BYTES: '4096',
      },
    });
  });

  afterAll(async () => {
    await gw?.close();
  });

  it('should cut off a client that sends its headers byte by byte (slowloris)', async () => {
    const result = await slowClient(
      gw.url,
      'GET /v1/incidents HTTP/1.1\r\nHost: gateway\r\n',
      `X-Api-Key: ${KEYS.internal}\r\nX-Slow: ${'a'.repeat(200)}\r\n\r\n`,
      50,
    );
    expect(result.closedAfterMs).toBeLessThan(2500);
    expect(result.bytesSent).toBeLessThan(60);
    expect(result.answer).not.toMatch(/^HTTP\/1\.1 200/);
  });

  it('should cut off a client that sends its body byte by byte', async () => {
    const body = JSON.stringify({ subject: 'x'.repeat(300) });
    const result = await slowClient(
      gw.url,
      [
        'POST /v1/incidents HTTP/1.1',
        'Host: gateway',
        `X-Api-Key: ${KEYS.internal}`,
        'X-Tenant-Id: acme',
        'Content-Type: application/json',
        `Content-Length: ${body.length}`,
        '',
        '',
      ].join('\r\n'),
      body,
      50,
    );
    expect(result.closedAfterMs).toBeLessThan(3500);
    expect(result.bytesSent).toBeLessThan(body.length);
    expect(result.answer).not.toMatch(/^HTTP\/1\.1 201/);
  });

  it('should still serve a client that sends at a normal pace', async () => {
    expect((await gw.call('/v1/incidents?limit=1')).status).toBe(200);
  });

  it('should refuse headers over the configured size with a contract problem', async () => {
    const ok = await gw.call('/v1/incidents?limit=1', {
      headers: { 'x-padding': 'p'.repeat(2000) },
    });
    expect(ok.status).toBe(200);
    const tooLarge = await gw.call('/v1/incidents?limit=1', {
      headers: { 'x-padding': 'p'.repeat(5000) },
    });
    expect(tooLarge.status).toBe(400);
    expect(tooLarge.headers.get('x-error-code')).toBe('VALIDATION_FAILED');
    expect(((await tooLarge.json()) as { detail: string }).detail).toMatch(/headers are too large/);
  });
});
