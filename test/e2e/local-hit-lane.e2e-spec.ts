import { request } from 'node:http';
import { DrainState } from '../../src/lifecycle/drain-state.js';
import { AUDIENCE, HS256_SECRET, ISSUER, mintToken } from '../support/jwt-issuer.js';
import { getWithRawHeaders } from '../support/raw-headers.js';
import {
  incidentIds,
  KEYS,
  startTestGateway,
  untilTracking,
  type TestGateway,
} from '../support/test-gateway.js';

/*
 * Fresh hits held in process are answered before Fastify (src/cache/local-hit-lane.ts). These
 * tests check that such an answer is the one Fastify would give, and that every request the lane
 * must not answer still gets Fastify's answer, counted once.
 */
const ORIGIN = 'https://app.example.test';
/** Headers that differ between any two answers (or say when they were made). */
const PER_ANSWER = new Set([
  'x-request-id',
  'date',
  'age',
  'ratelimit-remaining',
  'ratelimit-reset',
]);

async function metric(gw: TestGateway, pattern: RegExp): Promise<number> {
  const text = await (await gw.call('/metrics', { key: null })).text();
  return Number(pattern.exec(text)?.[1] ?? 0);
}

const localHits = (gw: TestGateway): Promise<number> =>
  metric(gw, /^hgw_cache_local_hits_total\{resource="incidents"\} (\d+)$/m);

/** A GET that carries a JSON body (fetch cannot send one). */
function getWithBody(url: string, body: string): Promise<{ status: number }> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'GET',
        headers: {
          'x-api-key': KEYS.internal,
          'x-tenant-id': 'acme',
          'content-type': 'application/json',
          'content-length': String(Buffer.byteLength(body)),
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0 }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** Every header but those that differ between any two answers, as sorted `name: value` lines. */
function stableHeaders(response: Response): string[] {
  return [...response.headers.entries()]
    .filter(([name]) => !PER_ANSWER.has(name))
    .map(([name, value]) => `${name}: ${value.replace(/ttl=\d+/, 'ttl=N')}`)
    .sort();
}

describe('Local hit lane', () => {
  let gw: TestGateway;
  let ids: string[];

  beforeAll(async () => {
    gw = await startTestGateway({
      env: {
        CORS_ORIGINS: ORIGIN,
        JWT_HS256_SECRET: HS256_SECRET,
        JWT_ISSUER: ISSUER,
        JWT_AUDIENCE: AUDIENCE,
      },
    });
    await untilTracking(gw);
    ids = incidentIds(gw.sandbox);
  });

  afterAll(async () => {
    await gw.close();
  });

  /** Loads the entry and makes the in-process copy (a second read keeps what the first stored). */
  async function warm(path: string): Promise<void> {
    expect((await gw.call(path)).status).toBe(200);
    expect((await gw.call(path)).status).toBe(200);
  }

  it('should answer a repeated hit itself, exactly as Fastify answers it', async () => {
    const path = `/v1/incidents/${ids[0]}?expand=comments`;
    await warm(path);
    const before = await localHits(gw);
    const caller = ['X-Api-Key', KEYS.internal, 'X-Tenant-Id', 'acme'];
    const early = await getWithRawHeaders(`${gw.url}${path}`, [
      ...caller,
      'X-Request-Id',
      'lane-check-1',
    ]);
    expect(await localHits(gw)).toBe(before + 1);
    // A non-matching If-None-Match is left to Fastify, which answers the same 200. (Sent without
    // fetch, which would add Cache-Control: no-cache to a conditional request.)
    const late = await getWithRawHeaders(`${gw.url}${path}`, [
      ...caller,
      'If-None-Match',
      '"no-such-tag"',
    ]);
    expect(await localHits(gw)).toBe(before + 1);

    expect(early.status).toBe(200);
    expect(late.status).toBe(200);
    expect(await early.text()).toBe(await late.text());
    expect(stableHeaders(early)).toEqual(stableHeaders(late));
    expect(early.headers.get('x-request-id')).toBe('lane-check-1');
    expect(early.headers.get('cache-status')).toMatch(/^helpdesk-gateway; hit; ttl=\d+$/);
    expect(early.headers.get('vary')).toBe('Origin');
    expect(early.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(early.headers.get('ratelimit-policy')).toBe(late.headers.get('ratelimit-policy'));
  });

  it('should count an answered hit in the request and cache metrics, by route', async () => {
    const path = `/v1/incidents/${ids[1]}`;
    await warm(path);
    const requests =
      /^hgw_http_requests_total\{route="\/v1\/incidents\/:id",method="GET",status="200"\} (\d+)$/m;
    const hits = /^hgw_cache_results_total\{resource="incidents",result="hit"\} (\d+)$/m;
    const [requestsBefore, hitsBefore, localBefore] = [
      await metric(gw, requests),
      await metric(gw, hits),
      await localHits(gw),
    ];
    for (let i = 0; i < 3; i++) {
      expect((await gw.call(path)).status).toBe(200);
    }
    expect(await metric(gw, requests)).toBe(requestsBefore + 3);
    expect(await metric(gw, hits)).toBe(hitsBefore + 3);
    expect(await localHits(gw)).toBe(localBefore + 3);
  });

  it('should leave refused callers to Fastify, which refuses and counts them once', async () => {
    const path = `/v1/incidents/${ids[0]}`;
    await warm(path);
    const before = await localHits(gw);
    const failures = /^hgw_auth_failures_total\{reason="api_key"\} (\d+)$/m;
    const failuresBefore = await metric(gw, failures);

    const unknownKey = await gw.call(path, { headers: { 'x-api-key': 'no-such-key-0123456789' } });
    expect(unknownKey.status).toBe(401);
    expect(await metric(gw, failures)).toBe(failuresBefore + 1);
    // svc-reader has acme only.
    expect((await gw.call(path, { key: 'reader', tenant: 'globex' })).status).toBe(403);
    const doubledKey = await getWithRawHeaders(`${gw.url}${path}`, [
      'X-Api-Key',
      KEYS.internal,
      'X-Api-Key',
      KEYS.internal,
      'X-Tenant-Id',
      'acme',
    ]);
    expect(doubledKey.status).toBe(401);
    const doubledTenant = await getWithRawHeaders(`${gw.url}${path}`, [
      'X-Api-Key',
      KEYS.internal,
      'X-Tenant-Id',
      'acme',
      'X-Tenant-Id',
      'acme',
    ]);
    expect(doubledTenant.status).toBe(400);
    expect((await gw.call(path, { headers: { accept: 'text/html' } })).status).toBe(406);
    expect(await localHits(gw)).toBe(before);
  });

  it('should leave conditional, bypassing, cross-origin and body-carrying GETs to Fastify', async () => {
    const path = `/v1/incidents/${ids[2]}`;
    await warm(path);
    const etag = (await gw.call(path)).headers.get('etag') as string;
    const before = await localHits(gw);

    const conditional = await gw.call(path, { headers: { 'if-none-match': etag } });
    expect(conditional.status).toBe(304);
    const bypass = await gw.call(path, { headers: { 'cache-control': 'no-cache' } });
    expect(bypass.headers.get('cache-status')).toMatch(/fwd=request/);
    const crossOrigin = await gw.call(path, { headers: { origin: ORIGIN } });
    expect(crossOrigin.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    const withBody = await getWithBody(`${gw.url}${path}`, '{}');
    expect(withBody.status).toBe(200);
    expect(await localHits(gw)).toBe(before);
  });

  it('should leave bearer tokens to Fastify, which answers the same hit', async () => {
    const path = `/v1/incidents/${ids[4]}`;
    await warm(path);
    const before = await localHits(gw);
    const token = await mintToken(new TextEncoder().encode(HS256_SECRET));
    const viaJwt = await fetch(`${gw.url}${path}`, {
      headers: { authorization: `Bearer ${token}`, 'x-tenant-id': 'acme' },
    });
    expect(viaJwt.status).toBe(200);
    expect(viaJwt.headers.get('cache-status')).toMatch(/^helpdesk-gateway; hit; ttl=\d+$/);
    expect(await localHits(gw)).toBe(before);
  });

  it('should leave every request to Fastify once shutdown has begun, so answers close', async () => {
    const path = `/v1/incidents/${ids[5]}`;
    await warm(path);
    const before = await localHits(gw);
    const drain = gw.app.get(DrainState);
    drain.draining = true;
    try {
      const answer = await getWithRawHeaders(`${gw.url}${path}`, [
        'X-Api-Key',
        KEYS.internal,
        'X-Tenant-Id',
        'acme',
      ]);
      expect(answer.status).toBe(200);
      expect(answer.headers.get('connection')).toBe('close');
      expect(await localHits(gw)).toBe(before);
    } finally {
      drain.draining = false;
    }
  });

  it('should never answer from a copy a write has changed', async () => {
    const path = `/v1/incidents/${ids[3]}`;
    await warm(path);
    const patched = await gw.call(path, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ subject: 'Changed while a copy was held' }),
    });
    expect(patched.status).toBe(200);
    const after = await gw.call(path);
    expect(((await after.json()) as { subject: string }).subject).toBe(
      'Changed while a copy was held',
    );
  });

  it('should keep tenants apart: a copy for one tenant never answers another', async () => {
    const path = `/v1/incidents/${ids[0]}`;
    await warm(path);
    const before = await localHits(gw);
    const other = await gw.call(path, { tenant: 'globex' });
    expect(other.headers.get('cache-status')).toMatch(/fwd=miss/);
    expect(await localHits(gw)).toBe(before);
  });
});

describe('Local hit lane with a small rate limit budget', () => {
  let gw: TestGateway;

  beforeAll(async () => {
    gw = await startTestGateway({
      env: {
        RATE_LIMIT_PER_CLIENT: '6',
        RATE_LIMIT_WINDOW_SECONDS: '60',
        RATE_LIMIT_CACHE_HIT_COST: '1',
      },
    });
    await untilTracking(gw);
  });

  afterAll(async () => {
    await gw.close();
  });

  it('should not answer beyond the budget: no lease covers it, so Fastify refuses with 429', async () => {
    const path = `/v1/incidents/${incidentIds(gw.sandbox)[0]}`;
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) {
      statuses.push((await gw.call(path)).status);
    }
    expect(statuses.slice(0, 6)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(statuses.slice(6)).toEqual([429, 429]);
    // A budget of 6 never leases (a lease is at most a sixteenth of what is left).
    expect(await localHits(gw)).toBe(0);
  });
});
