import { request as httpRequest } from 'node:http';
import { expectProblem } from '../support/problem-assertions.js';
import { getWithRawHeaders } from '../support/raw-headers.js';
import { json, KEYS, startTestGateway, type TestGateway } from '../support/test-gateway.js';

interface RawAnswer {
  status: number;
  code?: string;
  body: string;
}

/** Sends headers exactly as listed (repeats and odd spellings included). */
function rawGet(baseUrl: string, path: string, headers: string[]): Promise<RawAnswer> {
  const target = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        path,
        headers: ['Host', target.host, 'X-Api-Key', KEYS.reader, ...headers],
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            code: res.headers['x-error-code'] as string | undefined,
            body: Buffer.concat(chunks).toString(),
          }),
        );
      },
    );
    req.on('error', reject);
    req.end();
  });
}

const ids = (body: { data: { id: string }[] }): string[] => body.data.map((item) => item.id);

describe('Tenant isolation', () => {
  let gw: TestGateway;
  let acmeIds: string[];
  let globexIds: string[];

  beforeAll(async () => {
    gw = await startTestGateway();
    acmeIds = ids(await json(await gw.call('/v1/incidents?limit=5', { tenant: 'acme' })));
    globexIds = ids(await json(await gw.call('/v1/incidents?limit=5', { tenant: 'globex' })));
  });

  afterAll(async () => {
    await gw?.close();
  });

  it('should have distinct data per tenant, so a leak would show', () => {
    expect(acmeIds).toHaveLength(5);
    expect(globexIds.filter((id) => acmeIds.includes(id))).toEqual([]);
  });

  it.each([
    ['another tenant', ['X-Tenant-Id', 'globex']],
    ['another tenant in capitals', ['X-Tenant-Id', 'GLOBEX']],
    ['another tenant with odd case', ['X-Tenant-Id', 'Globex']],
    ['an upper-case header name', ['X-TENANT-ID', 'globex']],
    ['a lower-case header name', ['x-tenant-id', 'globex']],
    ['surrounding blanks', ['X-Tenant-Id', '  globex  ']],
    ['a list of tenants', ['X-Tenant-Id', 'acme,globex']],
    ['a list with a blank', ['X-Tenant-Id', 'acme, globex']],
    ['a tab inside', ['X-Tenant-Id', 'acme\tglobex']],
    ['a tenant not configured at all', ['X-Tenant-Id', 'initech']],
  ])('should answer 403 for %s, never the other data', async (_case, headers) => {
    const answer = await rawGet(gw.url, '/v1/incidents?limit=5', headers);
    expect({ status: answer.status, code: answer.code }).toEqual({
      status: 403,
      code: 'FORBIDDEN',
    });
    for (const id of globexIds) {
      expect(answer.body).not.toContain(id);
    }
  });

  it.each([
    ['own tenant first', ['X-Tenant-Id', 'acme', 'X-Tenant-Id', 'globex']],
    ['other tenant first', ['X-Tenant-Id', 'globex', 'X-Tenant-Id', 'acme']],
    ['own tenant only, in two spellings', ['X-Tenant-Id', 'acme', 'x-tenant-id', 'acme']],
    ['once empty', ['X-Tenant-Id', 'acme', 'X-TENANT-ID', '']],
    ['three times', ['X-Tenant-Id', 'acme', 'X-Tenant-Id', 'acme', 'X-Tenant-Id', 'acme']],
  ])(
    'should answer 400 naming X-Tenant-Id for a repeated header (%s), with no data',
    async (_case, headers) => {
      const answer = await rawGet(gw.url, '/v1/incidents?limit=5', headers);
      expect({ status: answer.status, code: answer.code }).toEqual({
        status: 400,
        code: 'VALIDATION_FAILED',
      });
      expect(JSON.parse(answer.body)).toMatchObject({
        errors: [{ field: 'X-Tenant-Id', message: 'must be given once' }],
      });
      for (const id of [...globexIds, ...acmeIds]) {
        expect(answer.body).not.toContain(id);
      }
    },
  );

  it('should answer 400 for a repeated X-Tenant-Id, for a cached hit and in Nest alike', async () => {
    const cached = `${gw.url}/v1/incidents?limit=4`;
    const missing = '0'.repeat(32);
    const uncached = `${gw.url}/v1/incidents/${missing}/attachments/${missing}/content`;
    const send = (url: string, tenants: string[]): Promise<Response> =>
      getWithRawHeaders(url, [
        'X-Api-Key',
        KEYS.internal,
        ...tenants.flatMap((tenant) => ['X-Tenant-Id', tenant]),
      ]);
    for (const tenant of ['acme', 'globex']) {
      await send(cached, [tenant]);
      expect((await send(cached, [tenant])).headers.get('cache-status')).toMatch(/; hit/);
      expect((await send(uncached, [tenant])).status).toBe(404);
    }

    for (const url of [cached, uncached]) {
      for (const tenants of [
        ['acme', 'globex'],
        ['globex', 'acme'],
        ['globex', 'globex'],
      ]) {
        const refused = await send(url, tenants);
        const text = await refused.clone().text();
        const body = await expectProblem(refused, 400, 'VALIDATION_FAILED');
        expect(body.errors).toEqual([{ field: 'X-Tenant-Id', message: 'must be given once' }]);
        expect(refused.headers.get('cache-status')).toBeNull();
        for (const id of [...globexIds, ...acmeIds]) {
          expect(text).not.toContain(id);
        }
      }
    }
  });

  it.each([
    ['X-Tenant', 'globex'],
    ['Tenant-Id', 'globex'],
    ['X-Forwarded-Tenant', 'globex'],
    ['X-Original-Tenant-Id', 'globex'],
    ['X-Tenant-Id-Override', 'globex'],
  ])('should ignore %s and serve the caller its own tenant', async (name, value) => {
    const answer = await rawGet(gw.url, '/v1/incidents?limit=5', [name, value]);
    expect(answer.status).toBe(200);
    expect(ids(JSON.parse(answer.body) as { data: { id: string }[] })).toEqual(acmeIds);
  });

  it('should not take a tenant from the query string', async () => {
    const response = await gw.call('/v1/incidents?limit=5&tenant=globex', { key: 'reader' });
    await expectProblem(response, 400, 'VALIDATION_FAILED');
  });

  it("should answer 404 from the caller's own tenant for another tenant's record ids", async () => {
    const created = await gw.call('/v1/incidents', {
      tenant: 'globex',
      method: 'POST',
      body: JSON.stringify({ subject: 'Globex only: payroll outage' }),
      headers: { 'content-type': 'application/json' },
    });
    expect(created.status).toBe(201);
    const { id } = await json(created);
    const reads = [
      gw.call(`/v1/incidents/${id}`, { key: 'reader' }),
      gw.call(`/v1/incidents/${id}/attachments`, { key: 'writer' }),
      gw.call(`/v1/incidents/${id}/comments`, { key: 'reader' }),
      gw.call(`/v1/incidents/${id}`, { tenant: 'acme' }),
    ];
    for (const response of await Promise.all(reads)) {
      const text = await response.clone().text();
      await expectProblem(response, 404, 'NOT_FOUND');
      expect(text).not.toContain('payroll');
    }
    const patch = await gw.call(`/v1/incidents/${id}`, {
      key: 'writer',
      method: 'PATCH',
      body: JSON.stringify({ subject: 'hijacked' }),
      headers: { 'content-type': 'application/json' },
    });
    await expectProblem(patch, 404, 'NOT_FOUND');
    await expectProblem(
      await gw.call(`/v1/incidents/${id}`, { key: 'writer', method: 'DELETE' }),
      404,
      'NOT_FOUND',
    );
    const still = await json(await gw.call(`/v1/incidents/${id}`, { tenant: 'globex' }));
    expect(still.subject).toBe('Globex only: payroll outage');
  });

  it("should refuse another tenant's cursor with 400", async () => {
    const page = await json(await gw.call('/v1/incidents?limit=2', { tenant: 'globex' }));
    const cursor = encodeURIComponent(page.page.nextCursor as string);
    expect(cursor.length).toBeGreaterThan(0);
    const own = await gw.call(`/v1/incidents?limit=2&cursor=${cursor}`, { tenant: 'globex' });
    expect(own.status).toBe(200);
    for (const response of [
      await gw.call(`/v1/incidents?limit=2&cursor=${cursor}`, { key: 'reader' }),
      await gw.call(`/v1/incidents?limit=2&cursor=${cursor}`, { tenant: 'acme' }),
    ]) {
      await expectProblem(response, 400, 'VALIDATION_FAILED');
    }
  });

  it("should never serve one tenant's cached response to another", async () => {
    const path = '/v1/incidents?limit=3&sort=-createdAt';
    const first = await gw.call(path, { tenant: 'acme' });
    const again = await gw.call(path, { tenant: 'acme' });
    expect(again.headers.get('cache-status')).toMatch(/hit/);
    const other = await gw.call(path, { tenant: 'globex' });
    expect(other.headers.get('cache-status')).not.toMatch(/hit/);
    const acme = ids(await json(first));
    expect(ids(await json(other)).filter((id) => acme.includes(id))).toEqual([]);
  });
});
