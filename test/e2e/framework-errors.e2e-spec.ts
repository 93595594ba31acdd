import { request as httpRequest } from 'node:http';
import { expectProblem } from '../support/problem-assertions.js';
import { startTestGateway, type TestGateway } from '../support/test-gateway.js';

/** Sends bytes exactly as given (fetch would refuse or normalise some of these requests). */
function rawRequest(
  baseUrl: string,
  options: {
    method: string;
    path: string;
    headers?: Record<string, string>;
    body?: Buffer | string;
  },
): Promise<Response> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        method: options.method,
        path: options.path,
        headers: options.headers,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const headers = new Headers();
          for (const [k, v] of Object.entries(res.headers)) {
            if (typeof v === 'string') {
              headers.set(k, v);
            }
          }
          resolve(new Response(Buffer.concat(chunks), { status: res.statusCode ?? 0, headers }));
        });
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

describe('Framework-level failures become contract errors', () => {
  let gw: TestGateway;
  const json = {
    'content-type': 'application/json',
    'x-api-key': 'internal-key-0123456789',
    'x-tenant-id': 'acme',
  };

  beforeAll(async () => {
    gw = await startTestGateway({ env: { BODY_LIMIT_BYTES: '2048' } });
  });

  afterAll(async () => {
    await gw.close();
  });

  it('should answer 404 NOT_FOUND for an unknown route', async () => {
    await expectProblem(await gw.call('/v1/nothing-here'), 404, 'NOT_FOUND');
    await expectProblem(await gw.call('/', { key: null }), 404, 'NOT_FOUND');
  });

  it('should answer 405 METHOD_NOT_ALLOWED with Allow for a known path', async () => {
    const response = await gw.call('/v1/incidents', {
      method: 'PUT',
      body: '{}',
      headers: { 'content-type': 'application/json' },
    });
    await expectProblem(response, 405, 'METHOD_NOT_ALLOWED');
    expect(response.headers.get('allow')).toEqual(expect.stringContaining('GET'));
    expect(response.headers.get('allow')).toEqual(expect.stringContaining('POST'));
  });

  it('should answer 404, not 405, for a known path with a trailing slash', async () => {
    for (const [method, path] of [
      ['GET', '/v1/accounts/'],
      ['POST', '/v1/accounts/'],
      ['GET', `/v1/incidents/${gw.sandbox.store('1001').incidents.list()[0]?.ObjectID}/`],
    ] as const) {
      const response = await gw.call(path, { method });
      await expectProblem(response, 404, 'NOT_FOUND');
      expect(response.headers.get('allow')).toBeNull();
    }
  });

  it('should answer 400 VALIDATION_FAILED for malformed JSON', async () => {
    const response = await gw.call('/v1/incidents', {
      method: 'POST',
      body: '{"subject": ',
      headers: { 'content-type': 'application/json' },
    });
    await expectProblem(response, 400, 'VALIDATION_FAILED');
  });

  it('should answer 413 PAYLOAD_TOO_LARGE for a body over the limit', async () => {
    const body = JSON.stringify({ subject: 'x', description: 'y'.repeat(4096) });
    const response = await gw.call('/v1/incidents', {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json' },
    });
    await expectProblem(response, 413, 'PAYLOAD_TOO_LARGE');
  });

  it('should answer 415 UNSUPPORTED_MEDIA_TYPE for a body that is not JSON', async () => {
    const response = await gw.call('/v1/incidents', {
      method: 'POST',
      body: 'subject=x',
      headers: { 'content-type': 'text/plain' },
    });
    await expectProblem(response, 415, 'UNSUPPORTED_MEDIA_TYPE');
  });

  it('should answer 415 for a form-encoded body, on create and on update, and write nothing upstream', async () => {
    const account = gw.sandbox.store('1001').accounts.list()[0];
    gw.sandbox.requests.clear();
    const form = { 'content-type': 'application/x-www-form-urlencoded' };

    const created = await gw.call('/v1/accounts', {
      method: 'POST',
      body: 'name=Form',
      headers: form,
    });
    const updated = await gw.call(`/v1/accounts/${account?.ObjectID}`, {
      method: 'PATCH',
      body: 'name=Form',
      headers: form,
    });

    await expectProblem(created, 415, 'UNSUPPORTED_MEDIA_TYPE');
    await expectProblem(updated, 415, 'UNSUPPORTED_MEDIA_TYPE');
    expect(gw.sandbox.requests.list().filter((r) => r.method !== 'GET')).toEqual([]);
  });

  it('should answer 406 NOT_ACCEPTABLE when Accept excludes JSON', async () => {
    await expectProblem(
      await gw.call('/v1/incidents', { headers: { accept: 'text/html' } }),
      406,
      'NOT_ACCEPTABLE',
    );
    expect(
      (
        await gw.call('/v1/incidents?limit=1', {
          headers: { accept: 'text/html, application/json;q=0.5' },
        })
      ).status,
    ).toBe(200);
    expect((await gw.call('/v1/incidents?limit=1', { headers: { accept: '*/*' } })).status).toBe(
      200,
    );
  });

  it('should answer 401 UNAUTHENTICATED without or with a wrong key', async () => {
    await expectProblem(await gw.call('/v1/incidents', { key: null }), 401, 'UNAUTHENTICATED');
    await expectProblem(
      await gw.call('/v1/incidents', { key: null, headers: { 'x-api-key': 'nope' } }),
      401,
      'UNAUTHENTICATED',
    );
  });

  it('should answer 403 FORBIDDEN for a foreign tenant or a missing scope', async () => {
    await expectProblem(
      await gw.call('/v1/incidents', { key: 'reader', tenant: 'globex' }),
      403,
      'FORBIDDEN',
    );
    const write = await gw.call('/v1/incidents', {
      key: 'reader',
      method: 'POST',
      body: JSON.stringify({ subject: 'x' }),
      headers: { 'content-type': 'application/json' },
    });
    await expectProblem(write, 403, 'FORBIDDEN');
  });

  it('should answer 400 when a multi-tenant caller names no tenant', async () => {
    const response = await gw.call('/v1/incidents', { headers: { 'x-tenant-id': '' } });
    const body = await expectProblem(response, 400, 'VALIDATION_FAILED');
    expect(body.errors).toEqual([expect.objectContaining({ field: 'X-Tenant-Id' })]);
  });

  it('should list query validation failures by field', async () => {
    const body = await expectProblem(
      await gw.call('/v1/incidents?limit=1000&colour=red&sort=name'),
      400,
      'VALIDATION_FAILED',
    );
    const fields = (body.errors as { field: string }[]).map((e) => e.field).sort();
    expect(fields).toEqual(['colour', 'limit', 'sort']);
  });

  it('should list body validation failures by field, unknown fields included', async () => {
    const response = await gw.call('/v1/incidents', {
      method: 'POST',
      body: JSON.stringify({ subject: '', priority: 'not valid!', extra: 1 }),
      headers: { 'content-type': 'application/json' },
    });
    const body = await expectProblem(response, 400, 'VALIDATION_FAILED');
    const fields = new Set((body.errors as { field: string }[]).map((e) => e.field));
    expect(fields).toEqual(new Set(['subject', 'priority', 'extra']));
  });

  it('should answer 400 for invalid percent-encoding in the path', async () => {
    const response = await rawRequest(gw.url, {
      method: 'GET',
      path: '/v1/incidents/%E0%A4%A',
      headers: json,
    });
    expect([400, 404]).toContain(response.status);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });

  it('should answer health-free routes with problem+json even for HEAD and OPTIONS', async () => {
    const response = await rawRequest(gw.url, {
      method: 'OPTIONS',
      path: '/v1/incidents',
      headers: json,
    });
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.headers.get('x-error-code')).toBeTruthy();
  });
});
