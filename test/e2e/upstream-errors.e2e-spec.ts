import type { FaultRule } from '../../src/sandbox/sandbox.js';
import { expectProblem } from '../support/problem-assertions.js';
import { startTestGateway, type TestGateway } from '../support/test-gateway.js';

const PROVIDER_TEXT = 'provider-said-something-private';

interface Row {
  label: string;
  fault: Omit<FaultRule, 'path'>;
  status: number;
  code: string;
  retryable: boolean;
  retryAfter?: number;
}

const ceBody = (message: string): object => ({
  requestId: '5b0437c6e4b07731ae39b533',
  message,
  providerMessage: PROVIDER_TEXT,
});

/** Every upstream outcome the error contract names, as a sandbox fault and what callers must see. */
const ROWS: Row[] = [
  {
    label: '400',
    fault: { status: 400, body: ceBody('Error parsing query') },
    status: 422,
    code: 'UPSTREAM_REJECTED',
    retryable: false,
  },
  {
    label: '401 (after one token refresh)',
    fault: { status: 401, body: ceBody('Invalid token') },
    status: 502,
    code: 'UPSTREAM_AUTH_FAILED',
    retryable: false,
  },
  {
    label: '403',
    fault: { status: 403, body: ceBody('Instance disabled') },
    status: 502,
    code: 'UPSTREAM_ACCESS_DENIED',
    retryable: false,
  },
  {
    label: '404',
    fault: { status: 404, body: ceBody('No incident found') },
    status: 404,
    code: 'NOT_FOUND',
    retryable: false,
  },
  {
    label: '405',
    fault: { status: 405, body: ceBody('Method not allowed') },
    status: 422,
    code: 'UPSTREAM_REJECTED',
    retryable: false,
  },
  {
    label: '406',
    fault: { status: 406, body: ceBody('Not acceptable') },
    status: 422,
    code: 'UPSTREAM_REJECTED',
    retryable: false,
  },
  {
    label: '409',
    fault: { status: 409, body: ceBody('Already exists') },
    status: 409,
    code: 'CONFLICT',
    retryable: false,
  },
  {
    label: '415',
    fault: { status: 415, body: ceBody('Unsupported') },
    status: 422,
    code: 'UPSTREAM_REJECTED',
    retryable: false,
  },
  {
    label: 'an unexpected 4xx (418)',
    fault: { status: 418, body: ceBody('Teapot') },
    status: 502,
    code: 'UPSTREAM_ERROR',
    retryable: true,
  },
  {
    label: '429 with Retry-After',
    fault: { status: 429, body: ceBody('Slow down'), headers: { 'Retry-After': '7' } },
    status: 503,
    code: 'UPSTREAM_RATE_LIMITED',
    retryable: true,
    retryAfter: 7,
  },
  {
    label: '429 without Retry-After',
    fault: { status: 429, body: ceBody('Slow down') },
    status: 503,
    code: 'UPSTREAM_RATE_LIMITED',
    retryable: true,
  },
  {
    label: '500',
    fault: { status: 500, body: ceBody('Boom') },
    status: 502,
    code: 'UPSTREAM_ERROR',
    retryable: true,
  },
  {
    label: '501',
    fault: { status: 501, body: ceBody('Not implemented') },
    status: 502,
    code: 'UPSTREAM_ERROR',
    retryable: true,
  },
  {
    label: '502',
    fault: { status: 502, body: ceBody('Bad gateway') },
    status: 502,
    code: 'UPSTREAM_ERROR',
    retryable: true,
  },
  {
    label: '503 with Retry-After',
    fault: { status: 503, body: ceBody('Maintenance'), headers: { 'Retry-After': '30' } },
    status: 503,
    code: 'UPSTREAM_UNAVAILABLE',
    retryable: true,
    retryAfter: 30,
  },
  {
    label: '504',
    fault: { status: 504, body: ceBody('Gateway timeout') },
    status: 504,
    code: 'UPSTREAM_TIMEOUT',
    retryable: true,
  },
  {
    label: 'an unknown 5xx (599)',
    fault: { status: 599, body: ceBody('Odd') },
    status: 502,
    code: 'UPSTREAM_ERROR',
    retryable: true,
  },
  {
    label: 'an HTML error body',
    fault: {
      status: 500,
      body: '<html><body>Internal Server Error</body></html>',
      headers: { 'content-type': 'text/html' },
    },
    status: 502,
    code: 'UPSTREAM_ERROR',
    retryable: true,
  },
  {
    label: 'an empty error body',
    fault: { status: 500, body: '' },
    status: 502,
    code: 'UPSTREAM_ERROR',
    retryable: true,
  },
  {
    label: 'a 200 that is not JSON',
    fault: { status: 200, body: '{"truncated": ', headers: { 'content-type': 'application/json' } },
    status: 502,
    code: 'UPSTREAM_ERROR',
    retryable: true,
  },
  {
    label: 'a connection reset',
    fault: { reset: true },
    status: 503,
    code: 'UPSTREAM_UNAVAILABLE',
    retryable: true,
  },
  {
    label: 'a hang past the deadline',
    fault: { hang: true },
    status: 504,
    code: 'UPSTREAM_TIMEOUT',
    retryable: true,
  },
];

/** No cache (it would remember the 404 row), no retries, a breaker that never opens. */
const MAPPING_ONLY = {
  UPSTREAM_ATTEMPT_TIMEOUT_MS: '400',
  REQUEST_DEADLINE_MS: '800',
  CACHE_ENABLED: 'false',
  UPSTREAM_MAX_RETRIES: '0',
  BREAKER_CONSECUTIVE_FAILURES: '1000',
  BREAKER_WINDOW_SIZE: '10000',
};

describe('Upstream failures become contract errors', () => {
  let gw: TestGateway;
  let incidentId: string;

  beforeAll(async () => {
    // The mapping is under test here, not the cache (which would remember the 404 row).
    gw = await startTestGateway({ env: MAPPING_ONLY });
    const list = await gw.call('/v1/incidents?limit=1');
    incidentId = ((await list.json()) as { data: { id: string }[] }).data[0]!.id;
  });

  afterAll(async () => {
    await gw.close();
  });

  afterEach(() => {
    gw.sandbox.faults.clear();
  });

  /**
   * One call through a gateway of its own: the mapping is under test, so no retry, pause or open
   * circuit left over from an earlier row may change what the next call sees.
   */
  const callFresh = async (key: 'reader' | 'internal'): Promise<Response> => {
    const fresh = await startTestGateway({ sharedSandbox: gw.sandbox, env: MAPPING_ONLY });
    try {
      const response = await fresh.call(`/v1/incidents/${incidentId}`, { key });
      return new Response(await response.arrayBuffer(), {
        status: response.status,
        headers: response.headers,
      });
    } finally {
      await fresh.close();
    }
  };

  it.each(ROWS)('should map $label to $status $code', async (row) => {
    const token = gw.sandbox.tokenOf('1001');
    gw.sandbox.faults.add({ ...row.fault, path: '/hubs/helpdesk/incidents' });
    gw.sandbox.counters.reset();

    const external = await callFresh('reader');
    const body = await expectProblem(external, row.status, row.code, [
      token,
      gw.sandbox.tokenOf('1001'),
    ]);
    expect(body.retryable).toBe(row.retryable);
    expect(body).not.toHaveProperty('upstream');
    expect(JSON.stringify(body)).not.toContain(PROVIDER_TEXT);
    expect(JSON.stringify(body)).not.toContain('<html>');
    if (row.retryAfter === undefined) {
      expect(external.headers.get('retry-after')).toBeNull();
      expect(body).not.toHaveProperty('retryAfterSeconds');
    } else {
      expect(external.headers.get('retry-after')).toBe(String(row.retryAfter));
      expect(body.retryAfterSeconds).toBe(row.retryAfter);
    }

    const internal = await callFresh('internal');
    const internalBody = await expectProblem(internal, row.status, row.code);
    if (row.fault.status !== undefined) {
      expect(internalBody.upstream).toEqual(expect.objectContaining({ status: row.fault.status }));
    }
  });

  it('should refresh the element token exactly once on a 401 before giving up', async () => {
    gw.sandbox.faults.add({
      path: '/hubs/helpdesk/incidents',
      status: 401,
      body: ceBody('Invalid token'),
    });
    const headers = { 'x-request-id': 'refresh-once-401' };
    await expectProblem(
      await gw.call(`/v1/incidents/${incidentId}`, { headers }),
      502,
      'UPSTREAM_AUTH_FAILED',
    );
    const seen = gw.sandbox.requests
      .list()
      .filter((r) => r.headers['x-request-id'] === 'refresh-once-401');
    expect(seen.map((r) => `${r.method} ${r.routeTemplate} ${r.status}`)).toEqual([
      'GET /hubs/helpdesk/incidents/{id} 401',
      'GET /instances/{id} 200',
      'GET /hubs/helpdesk/incidents/{id} 401',
    ]);
  });

  it('should recover from a single 401 by retrying with a fresh token', async () => {
    gw.sandbox.faults.add({
      path: '/hubs/helpdesk/incidents',
      status: 401,
      body: ceBody('Invalid token'),
      times: 1,
    });
    expect((await gw.call(`/v1/incidents/${incidentId}`)).status).toBe(200);
  });

  it('should answer UPSTREAM_AUTH_FAILED when the instance cannot be resolved', async () => {
    const broken = await startTestGateway({
      sharedSandbox: gw.sandbox,
      env: {
        CE_TENANTS: JSON.stringify({
          acme: { instanceId: '9999' },
          globex: { instanceId: '1002' },
        }),
      },
    });
    try {
      await expectProblem(await broken.call('/v1/incidents?limit=1'), 502, 'UPSTREAM_AUTH_FAILED');
    } finally {
      await broken.close();
    }
  });

  it('should answer UPSTREAM_UNAVAILABLE when the connection is refused', async () => {
    const closedPort = await startTestGateway({
      sharedSandbox: gw.sandbox,
      env: { CE_BASE_URL: 'http://127.0.0.1:9/elements/api-v2' },
    });
    try {
      await expectProblem(
        await closedPort.call('/v1/incidents?limit=1'),
        503,
        'UPSTREAM_UNAVAILABLE',
      );
    } finally {
      await closedPort.close();
    }
  });

  it('should answer UPSTREAM_ERROR for an answer over UPSTREAM_MAX_RESPONSE_BYTES, and read smaller ones', async () => {
    const bounded = await startTestGateway({
      sharedSandbox: gw.sandbox,
      env: {
        UPSTREAM_MAX_RESPONSE_BYTES: '8192',
        ATTACHMENT_MAX_BYTES: '1024',
        CACHE_ENABLED: 'false',
      },
    });
    try {
      const page = await gw.call('/v1/incidents?limit=100');
      expect(
        Number(page.headers.get('content-length') ?? (await page.text()).length),
      ).toBeGreaterThan(8192);
      await expectProblem(await bounded.call('/v1/incidents?limit=100'), 502, 'UPSTREAM_ERROR');
      expect((await bounded.call('/v1/incidents?limit=1')).status).toBe(200);
    } finally {
      await bounded.close();
    }
  });
});
