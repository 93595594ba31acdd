import { SignJWT } from 'jose';
import { expectProblem } from '../support/problem-assertions.js';
import {
  AUDIENCE,
  HS256_SECRET,
  ISSUER,
  mintToken,
  newSigningKey,
  publicKeyPem,
  secretKey,
  startJwksServer,
  unsecuredToken,
  type JwksServer,
  type SigningKey,
} from '../support/jwt-issuer.js';
import { getWithRawHeaders } from '../support/raw-headers.js';
import { json, startTestGateway, type TestGateway } from '../support/test-gateway.js';

const INVALID_TOKEN = 'Bearer error="invalid_token"';
const MISSING_ID = '0'.repeat(32);

function bearer(token: string, headers: Record<string, string> = {}): RequestInit & { key: null } {
  return { key: null, headers: { authorization: `Bearer ${token}`, ...headers } };
}

async function expectInvalidToken(response: Response): Promise<void> {
  const body = await expectProblem(response, 401, 'UNAUTHENTICATED');
  expect(response.headers.get('www-authenticate')).toBe(INVALID_TOKEN);
  expect(body.detail).toBe('Missing or invalid credentials');
}

describe('Frontend callers with bearer JWTs (JWKS)', () => {
  let jwks: JwksServer;
  let rsa: SigningKey;
  let ec: SigningKey;
  let gw: TestGateway;

  beforeAll(async () => {
    rsa = await newSigningKey('RS256', 'rsa-1');
    ec = await newSigningKey('ES256', 'ec-1');
    jwks = await startJwksServer(rsa, ec);
    gw = await startTestGateway({
      env: {
        JWT_JWKS_URL: jwks.url,
        JWT_ISSUER: ISSUER,
        JWT_AUDIENCE: `other-api, ${AUDIENCE}`,
        JWT_JWKS_COOLDOWN_SECONDS: '0',
      },
    });
  });

  afterAll(async () => {
    await gw?.close();
    await jwks?.close();
  });

  it('should accept an RS256 token and serve its only tenant without X-Tenant-Id', async () => {
    const response = await gw.call('/v1/incidents?limit=2', bearer(await mintToken(rsa)));
    expect(response.status).toBe(200);
    const body = await json(response);
    expect(body.data).toHaveLength(2);
    const acme = await json(await gw.call('/v1/incidents?limit=2', { tenant: 'acme' }));
    expect(body.data.map((i: { id: string }) => i.id)).toEqual(
      acme.data.map((i: { id: string }) => i.id),
    );
  });

  it('should accept an ES256 token signed by the second key of the set', async () => {
    const response = await gw.call('/v1/incident-statuses', bearer(await mintToken(ec)));
    expect(response.status).toBe(200);
  });

  it('should read tenants and scopes given as strings or as lists', async () => {
    const token = await mintToken(rsa, {
      claims: { tenants: 'globex', scope: ['helpdesk:read', 'openid'] },
    });
    const response = await gw.call('/v1/incidents?limit=1', bearer(token));
    expect(response.status).toBe(200);
    const write = await gw.call('/v1/incidents', {
      ...bearer(token, { 'content-type': 'application/json' }),
      method: 'POST',
      body: JSON.stringify({ subject: 'x' }),
    });
    await expectProblem(write, 403, 'FORBIDDEN');
  });

  it.each<[string, () => Promise<string>]>([
    ['expired beyond the clock skew', () => mintToken(rsa, { expiresIn: -120 })],
    ['not valid before a time beyond the skew', () => mintToken(rsa, { notBefore: 120 })],
    ['from another issuer', () => mintToken(rsa, { issuer: 'https://evil.example.test/' })],
    ['for another audience', () => mintToken(rsa, { audience: 'billing-api' })],
    ['without exp', () => mintToken(rsa, { omit: ['exp'] })],
    ['without sub', () => mintToken(rsa, { omit: ['sub'] })],
    ['without iss', () => mintToken(rsa, { omit: ['iss'] })],
    ['unsigned (alg none)', () => Promise.resolve(unsecuredToken())],
    [
      'HS256-signed with the RSA public key as secret (HS/RS confusion)',
      async () =>
        mintToken(new TextEncoder().encode(await publicKeyPem(rsa)), { header: { kid: rsa.kid } }),
    ],
    [
      'HS256-signed with the public JWK as secret',
      () =>
        mintToken(new TextEncoder().encode(JSON.stringify(rsa.publicJwk)), {
          header: { kid: rsa.kid },
        }),
    ],
    [
      'signed by a key of its own that claims a published kid',
      async () => mintToken({ ...(await newSigningKey('RS256')), kid: rsa.kid }),
    ],
    ['signed with a kid nobody published', async () => mintToken(await newSigningKey('RS256'))],
    ['malformed', () => Promise.resolve('abc.def.ghi')],
  ])('should answer 401 invalid_token for a token %s', async (_case, token) => {
    await expectInvalidToken(await gw.call('/v1/incidents?limit=1', bearer(await token())));
  });

  it('should refuse a token whose payload was changed after signing', async () => {
    const [header, , signature] = (await mintToken(rsa)).split('.');
    const payload = Buffer.from(
      JSON.stringify({
        sub: 'user-42',
        iss: ISSUER,
        aud: AUDIENCE,
        exp: Math.floor(Date.now() / 1000) + 300,
        tenants: ['acme', 'globex'],
        scope: 'helpdesk:read helpdesk:write',
      }),
    ).toString('base64url');
    await expectInvalidToken(
      await gw.call('/v1/incidents?limit=1', bearer(`${header}.${payload}.${signature}`)),
    );
  });

  it('should allow a small clock skew on exp and nbf', async () => {
    const expiredJustNow = await mintToken(rsa, { expiresIn: -10 });
    const validInAMoment = await mintToken(rsa, { notBefore: 10 });
    expect((await gw.call('/v1/incident-statuses', bearer(expiredJustNow))).status).toBe(200);
    expect((await gw.call('/v1/incident-statuses', bearer(validInAMoment))).status).toBe(200);
  });

  it('should refuse other authorization schemes and malformed bearer values', async () => {
    const basic = await gw.call('/v1/incidents', {
      key: null,
      headers: { authorization: `Basic ${Buffer.from('user:pass').toString('base64')}` },
    });
    await expectProblem(basic, 401, 'UNAUTHENTICATED');
    expect(basic.headers.get('www-authenticate')).toBe('ApiKey header="X-Api-Key", Bearer');
    await expectInvalidToken(await gw.call('/v1/incidents', bearer('not a token')));
    await expectInvalidToken(await gw.call('/v1/incidents', bearer('x'.repeat(9000))));
  });

  it('should refuse a request that sends a bearer token and an API key at once', async () => {
    const response = await gw.call('/v1/incidents', {
      headers: { authorization: `Bearer ${await mintToken(rsa)}` },
    });
    await expectProblem(response, 401, 'UNAUTHENTICATED');
  });

  it.each<[string, (valid: string) => [string, string]]>([
    ['a bad one first', (valid) => ['Bearer garbage', `Bearer ${valid}`]],
    ['a bad one last', (valid) => [`Bearer ${valid}`, 'Bearer garbage']],
    ['the same valid one twice', (valid) => [`Bearer ${valid}`, `Bearer ${valid}`]],
    ['a non-bearer one last', (valid) => [`Bearer ${valid}`, 'Basic dXNlcjpwYXNz']],
  ])(
    'should answer 401 for Authorization sent twice (%s), for a cached hit and in Nest alike',
    async (_case, values) => {
      const valid = await mintToken(rsa);
      const [first, second] = values(valid);
      const cached = `${gw.url}/v1/incidents?limit=3`;
      await getWithRawHeaders(cached, ['Authorization', `Bearer ${valid}`]);
      const hit = await getWithRawHeaders(cached, ['Authorization', `Bearer ${valid}`]);
      expect(hit.headers.get('cache-status')).toMatch(/; hit/);
      const uncached = `${gw.url}/v1/incidents/${MISSING_ID}/attachments/${MISSING_ID}/content`;
      const passed = await getWithRawHeaders(uncached, ['Authorization', `Bearer ${valid}`]);
      expect(passed.status).toBe(404);

      for (const url of [cached, uncached]) {
        const twice = await getWithRawHeaders(url, [
          'Authorization',
          first,
          'authorization',
          second,
        ]);
        await expectProblem(twice, 401, 'UNAUTHENTICATED', [valid]);
        expect(twice.headers.get('cache-status')).toBeNull();
      }
    },
  );

  it('should answer 403 for a tenant the token does not name, and for tenants not configured here', async () => {
    const acmeOnly = await mintToken(rsa);
    await expectProblem(
      await gw.call('/v1/incidents', bearer(acmeOnly, { 'x-tenant-id': 'globex' })),
      403,
      'FORBIDDEN',
    );
    const unknownTenant = await mintToken(rsa, { claims: { tenants: ['initech'] } });
    await expectProblem(await gw.call('/v1/incidents', bearer(unknownTenant)), 403, 'FORBIDDEN');
    await expectProblem(
      await gw.call('/v1/incidents', bearer(unknownTenant, { 'x-tenant-id': 'initech' })),
      403,
      'FORBIDDEN',
    );
    const noTenants = await mintToken(rsa, { claims: { tenants: undefined } });
    await expectProblem(await gw.call('/v1/incidents', bearer(noTenants)), 403, 'FORBIDDEN');
  });

  it('should answer 403 insufficient_scope when a read-only token writes, before any upstream write', async () => {
    gw.sandbox.requests.clear();
    const token = await mintToken(rsa, { claims: { scope: 'helpdesk:read' } });
    for (const [method, path] of [
      ['POST', '/v1/incidents'],
      ['PATCH', `/v1/incidents/${MISSING_ID}`],
      ['DELETE', `/v1/incidents/${MISSING_ID}`],
    ] as const) {
      const withBody = method !== 'DELETE';
      const response = await gw.call(path, {
        ...bearer(token, withBody ? { 'content-type': 'application/json' } : {}),
        method,
        body: withBody ? JSON.stringify({ subject: 'x' }) : undefined,
      });
      await expectProblem(response, 403, 'FORBIDDEN');
      expect(response.headers.get('www-authenticate')).toBe(
        'Bearer error="insufficient_scope", scope="helpdesk:write"',
      );
    }
    expect(gw.sandbox.requests.list().filter((r) => r.method !== 'GET')).toEqual([]);
  });

  it('should never treat a JWT caller as internal without a configured claim', async () => {
    const token = await mintToken(rsa, { claims: { internal: true, hgw_internal: true } });
    // Two ids: a cached "not found" carries no upstream detail for anyone.
    const response = await gw.call(`/v1/incidents/${'1'.repeat(32)}`, bearer(token));
    const body = await expectProblem(response, 404, 'NOT_FOUND');
    expect(body.upstream).toBeUndefined();
    const internal = await gw.call(`/v1/incidents/${'2'.repeat(32)}`, { tenant: 'acme' });
    expect((await expectProblem(internal, 404, 'NOT_FOUND')).upstream).toBeDefined();
  });

  it('should pick up a rotated key: a new kid after the old set was cached, and drop the old key', async () => {
    expect((await gw.call('/v1/incident-statuses', bearer(await mintToken(rsa)))).status).toBe(200);
    const before = jwks.fetches;
    const rotated = await newSigningKey('RS256', 'rsa-2');
    jwks.publish(rotated, ec);
    const fresh = await gw.call('/v1/incident-statuses', bearer(await mintToken(rotated)));
    expect(fresh.status).toBe(200);
    expect(jwks.fetches).toBe(before + 1);
    await expectInvalidToken(await gw.call('/v1/incident-statuses', bearer(await mintToken(rsa))));
    jwks.publish(rsa, ec);
  });
});

describe('JWKS fetching limits', () => {
  let jwks: JwksServer;
  let rsa: SigningKey;

  beforeAll(async () => {
    rsa = await newSigningKey('RS256', 'rsa-cool');
    jwks = await startJwksServer(rsa);
  });

  afterAll(async () => {
    await jwks?.close();
  });

  it('should not refetch the JWKS for every unknown kid within the cooldown', async () => {
    const gw = await startTestGateway({
      env: { JWT_JWKS_URL: jwks.url, JWT_ISSUER: ISSUER, JWT_AUDIENCE: AUDIENCE },
    });
    try {
      expect((await gw.call('/v1/incident-statuses', bearer(await mintToken(rsa)))).status).toBe(
        200,
      );
      const before = jwks.fetches;
      for (let i = 0; i < 5; i++) {
        const stranger = await newSigningKey('RS256', `made-up-${i}`);
        await expectInvalidToken(
          await gw.call('/v1/incident-statuses', bearer(await mintToken(stranger))),
        );
      }
      expect(jwks.fetches - before).toBeLessThanOrEqual(1);
    } finally {
      await gw.close();
    }
  });

  it('should answer 503, not 401, while the JWKS cannot be fetched', async () => {
    const gw = await startTestGateway({
      env: { JWT_JWKS_URL: jwks.url, JWT_ISSUER: ISSUER, JWT_AUDIENCE: AUDIENCE },
    });
    jwks.failWith(500);
    try {
      const response = await gw.call('/v1/incident-statuses', bearer(await mintToken(rsa)));
      await expectProblem(response, 503, 'UPSTREAM_UNAVAILABLE');
      jwks.failWith(0);
      expect((await gw.call('/v1/incident-statuses', bearer(await mintToken(rsa)))).status).toBe(
        200,
      );
    } finally {
      jwks.failWith(0);
      await gw.close();
    }
  });
});

describe('Frontend callers with an HS256 secret (development)', () => {
  let gw: TestGateway;

  beforeAll(async () => {
    gw = await startTestGateway({
      env: {
        JWT_HS256_SECRET: HS256_SECRET,
        JWT_ISSUER: ISSUER,
        JWT_AUDIENCE: AUDIENCE,
        JWT_TENANT_CLAIM: 'https://helpdesk.example.test/tenants',
        JWT_SCOPE_CLAIM: 'scp',
        JWT_INTERNAL_CLAIM: 'hgw_internal',
      },
    });
  });

  afterAll(async () => {
    await gw?.close();
  });

  const claims = {
    'https://helpdesk.example.test/tenants': ['acme', 'globex'],
    scp: 'helpdesk:read',
  };

  it('should accept an HS256 token with the configured claim names', async () => {
    const token = await mintToken(secretKey(), { claims });
    const response = await gw.call(
      '/v1/incidents?limit=1',
      bearer(token, { 'x-tenant-id': 'globex' }),
    );
    expect(response.status).toBe(200);
  });

  it('should refuse tokens signed with another secret or with an asymmetric key', async () => {
    await expectInvalidToken(
      await gw.call(
        '/v1/incident-statuses',
        bearer(await mintToken(secretKey('another-secret-of-sufficient-length-000'), { claims })),
      ),
    );
    const rsa = await newSigningKey('RS256');
    await expectInvalidToken(
      await gw.call('/v1/incident-statuses', bearer(await mintToken(rsa, { claims }))),
    );
    const hs512 = await new SignJWT({ ...claims, sub: 'u' })
      .setProtectedHeader({ alg: 'HS512' })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setExpirationTime('5m')
      .sign(secretKey());
    await expectInvalidToken(await gw.call('/v1/incident-statuses', bearer(hs512)));
  });

  it('should make a caller internal only when the configured claim is exactly true', async () => {
    const path = `/v1/incidents/${MISSING_ID}`;
    const internal = await mintToken(secretKey(), { claims: { ...claims, hgw_internal: true } });
    const pretender = await mintToken(secretKey(), { claims: { ...claims, hgw_internal: 'true' } });
    const asInternal = await expectProblem(
      await gw.call(path, bearer(internal, { 'x-tenant-id': 'acme' })),
      404,
      'NOT_FOUND',
    );
    expect(asInternal.upstream).toEqual(expect.objectContaining({ status: 404 }));
    const asPretender = await expectProblem(
      await gw.call(path, bearer(pretender, { 'x-tenant-id': 'acme' })),
      404,
      'NOT_FOUND',
    );
    expect(asPretender.upstream).toBeUndefined();
  });
});
