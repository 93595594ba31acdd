import { createHash } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { expectProblem } from '../support/problem-assertions.js';
import { getWithRawHeaders } from '../support/raw-headers.js';
import {
  json,
  KEYS,
  startTestGateway,
  TEST_CLIENTS,
  type TestGateway,
} from '../support/test-gateway.js';

const OLD_KEY = 'billing-key-2025-aaaaaaaaaaaa';
const NEW_KEY = 'billing-key-2026-bbbbbbbbbbbb';
const HASHED_KEY = 'hashed-only-key-cccccccccccc';
const sha256 = (value: string): string => createHash('sha256').update(value).digest('hex');

const billing = (apiKey: string | string[]): Record<string, unknown> => ({
  id: 'svc-billing',
  apiKey,
  tenants: ['globex'],
  scopes: ['helpdesk:read'],
});

function clientsEnv(...extra: Record<string, unknown>[]): Record<string, string> {
  return { GATEWAY_CLIENTS: JSON.stringify([...TEST_CLIENTS, ...extra]) };
}

/** Sends a header twice, as raw bytes (fetch would merge the values). */
function withHeaderTwice(
  url: string,
  name: string,
  values: [string, string],
): Promise<{ status: number; code?: string }> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const req = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        path: target.pathname,
        headers: ['Host', target.host, name, values[0], name, values[1], 'X-Tenant-Id', 'acme'],
      },
      (res) => {
        res.resume();
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, code: res.headers['x-error-code'] as string }),
        );
      },
    );
    req.on('error', reject);
    req.end();
  });
}

describe('Service callers with API keys', () => {
  let gw: TestGateway;

  beforeAll(async () => {
    gw = await startTestGateway({
      env: clientsEnv(billing([OLD_KEY, NEW_KEY]), {
        id: 'svc-hashed',
        apiKeySha256: sha256(HASHED_KEY),
        tenants: ['acme'],
        scopes: ['helpdesk:read'],
      }),
    });
  });

  afterAll(async () => {
    await gw?.close();
  });

  const withKey = (key: string, tenant?: string): RequestInit & { key: null } => ({
    key: null,
    headers: { 'x-api-key': key, ...(tenant ? { 'x-tenant-id': tenant } : {}) },
  });

  it('should answer 401 with a challenge when no credentials are sent', async () => {
    const response = await gw.call('/v1/incidents', { key: null });
    await expectProblem(response, 401, 'UNAUTHENTICATED');
    expect(response.headers.get('www-authenticate')).toBe('ApiKey header="X-Api-Key", Bearer');
  });

  it.each([
    ['an unknown key', 'unknown-key-0123456789'],
    ['a known key with a different case', KEYS.reader.toUpperCase()],
    ['a known key with a suffix', `${KEYS.reader}x`],
    ['a prefix of a known key', KEYS.reader.slice(0, -1)],
    ['the SHA-256 digest of a configured key', sha256(HASHED_KEY)],
    ['an oversized key', 'k'.repeat(600)],
  ])('should answer 401 for %s', async (_case, key) => {
    await expectProblem(await gw.call('/v1/incidents', withKey(key)), 401, 'UNAUTHENTICATED', [
      key,
    ]);
  });

  it('should answer 401 when X-Api-Key is sent twice, even with two valid keys', async () => {
    const twice = await withHeaderTwice(`${gw.url}/v1/incidents`, 'X-Api-Key', [
      KEYS.writer,
      KEYS.reader,
    ]);
    expect(twice).toEqual({ status: 401, code: 'UNAUTHENTICATED' });
  });

  it.each<[string, [string, string]]>([
    ['an unknown key first', ['unknown-key-0123456789', KEYS.reader]],
    ['an unknown key last', [KEYS.reader, 'unknown-key-0123456789']],
    ['the same valid key twice', [KEYS.reader, KEYS.reader]],
  ])(
    'should answer 401 for X-Api-Key sent twice (%s), for a cached hit and in Nest alike',
    async (_case, keys) => {
      const cached = `${gw.url}/v1/incidents?limit=3`;
      await getWithRawHeaders(cached, ['X-Api-Key', KEYS.reader]);
      const hit = await getWithRawHeaders(cached, ['X-Api-Key', KEYS.reader]);
      expect(hit.headers.get('cache-status')).toMatch(/; hit/);
      const missing = '0'.repeat(32);
      const uncached = `${gw.url}/v1/incidents/${missing}/attachments/${missing}/content`;
      expect((await getWithRawHeaders(uncached, ['X-Api-Key', KEYS.reader])).status).toBe(404);

      for (const url of [cached, uncached]) {
        const twice = await getWithRawHeaders(url, ['X-Api-Key', keys[0], 'x-api-key', keys[1]]);
        await expectProblem(twice, 401, 'UNAUTHENTICATED', keys);
        expect(twice.headers.get('cache-status')).toBeNull();
      }
    },
  );

  it('should accept a key configured only by its SHA-256 digest', async () => {
    expect((await gw.call('/v1/incidents?limit=1', withKey(HASHED_KEY))).status).toBe(200);
  });

  it('should accept both keys of a client while it rotates', async () => {
    for (const key of [OLD_KEY, NEW_KEY]) {
      expect((await gw.call('/v1/incidents?limit=1', withKey(key))).status).toBe(200);
    }
  });

  it('should stop accepting the old key once only the new one is listed (revocation by removal)', async () => {
    const rotated = await startTestGateway({
      sharedSandbox: gw.sandbox,
      env: clientsEnv(billing(NEW_KEY)),
    });
    try {
      await expectProblem(
        await rotated.call('/v1/incidents?limit=1', withKey(OLD_KEY)),
        401,
        'UNAUTHENTICATED',
        [OLD_KEY],
      );
      expect((await rotated.call('/v1/incidents?limit=1', withKey(NEW_KEY))).status).toBe(200);
    } finally {
      await rotated.close();
    }
  });

  it('should refuse every key of a client that was removed from the configuration', async () => {
    const without = await startTestGateway({ sharedSandbox: gw.sandbox });
    try {
      for (const key of [OLD_KEY, NEW_KEY, HASHED_KEY]) {
        await expectProblem(
          await without.call('/v1/incidents?limit=1', withKey(key)),
          401,
          'UNAUTHENTICATED',
        );
      }
    } finally {
      await without.close();
    }
  });

  it('should keep a client to its own tenants', async () => {
    await expectProblem(
      await gw.call('/v1/incidents?limit=1', withKey(NEW_KEY, 'acme')),
      403,
      'FORBIDDEN',
    );
    const own = await gw.call('/v1/incidents?limit=1', withKey(NEW_KEY));
    expect(own.status).toBe(200);
    const globex = await json(await gw.call('/v1/incidents?limit=1', { tenant: 'globex' }));
    expect((await json(own)).data[0].id).toBe(globex.data[0].id);
  });

  it('should answer 403 when a read-only client writes, and send nothing upstream', async () => {
    gw.sandbox.requests.clear();
    const id = '0'.repeat(32);
    const attempts: [string, string, string | undefined][] = [
      ['POST', '/v1/incidents', JSON.stringify({ subject: 'x' })],
      ['PATCH', `/v1/incidents/${id}`, JSON.stringify({ subject: 'x' })],
      ['DELETE', `/v1/incidents/${id}`, undefined],
      ['POST', `/v1/incidents/${id}/comments`, JSON.stringify({ body: 'x' })],
      ['POST', '/v1/contacts', JSON.stringify({ firstName: 'a', lastName: 'b' })],
      ['POST', '/v1/accounts', JSON.stringify({ name: 'a' })],
    ];
    for (const [method, path, body] of attempts) {
      const response = await gw.call(path, {
        key: 'reader',
        method,
        body,
        headers: body ? { 'content-type': 'application/json' } : {},
      });
      await expectProblem(response, 403, 'FORBIDDEN');
    }
    expect(gw.sandbox.requests.list()).toEqual([]);
  });

  it('should require credentials and the right scope on every /v1 operation in the OpenAPI document', async () => {
    const document = await json(await gw.call('/docs/openapi.json', { key: null }));
    const operations = Object.entries(document.paths as Record<string, object>)
      .filter(([path]) => path.startsWith('/v1/'))
      .flatMap(([path, item]) => Object.keys(item).map((method) => [method.toUpperCase(), path]));
    expect(operations.length).toBeGreaterThan(20);
    gw.sandbox.requests.clear();
    for (const [method, template] of operations as [string, string][]) {
      const path = template.replace(/\{[^}]+\}/g, '0'.repeat(32));
      const anonymous = await gw.call(path, { key: null, method });
      expect({ method, path, status: anonymous.status }).toEqual({ method, path, status: 401 });
      if (method !== 'GET') {
        const reader = await gw.call(path, { key: 'reader', method });
        expect({ method, path, status: reader.status }).toEqual({ method, path, status: 403 });
      }
    }
    expect(gw.sandbox.requests.list()).toEqual([]);
  });
});
