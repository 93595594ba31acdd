import { AUDIENCE, HS256_SECRET, ISSUER, mintToken, secretKey } from '../support/jwt-issuer.js';
import {
  KEYS,
  ORG_SECRET,
  USER_SECRET,
  startTestGateway,
  type TestGateway,
} from '../support/test-gateway.js';

interface Seen {
  request: string;
  status: number;
  headers: string;
  body: string;
}

type CallInit = Parameters<TestGateway['call']>[1];

const jsonBody = (value: unknown, init: CallInit = {}): CallInit => ({
  ...init,
  body: JSON.stringify(value),
  headers: { 'content-type': 'application/json', ...(init?.headers as Record<string, string>) },
});

describe('Secret hygiene over a whole session', () => {
  const lines: string[] = [];
  const seen: Seen[] = [];
  const secrets = new Map<string, string>();
  let gw: TestGateway;

  /** Calls the gateway and keeps everything the caller could see. */
  async function visit(path: string, init: CallInit = {}): Promise<Response> {
    const response = await gw.call(path, init);
    const body = await response.clone().text();
    seen.push({
      request: `${init?.method ?? 'GET'} ${path}`,
      status: response.status,
      headers: [...response.headers].map(([name, value]) => `${name}: ${value}`).join('\n'),
      body,
    });
    return response;
  }

  async function idOf(response: Response): Promise<string> {
    return ((await response.json()) as { id: string }).id;
  }

  beforeAll(async () => {
    gw = await startTestGateway({
      env: {
        LOG_LEVEL: 'trace',
        JWT_HS256_SECRET: HS256_SECRET,
        JWT_ISSUER: ISSUER,
        JWT_AUDIENCE: AUDIENCE,
        CORS_ORIGINS: 'https://app.example.test',
        RATE_LIMIT_PER_CLIENT: '400',
        RATE_LIMIT_CACHE_HIT_COST: '1',
      },
      logs: { write: (line: string) => void lines.push(line) },
    });
    secrets.set('CE organization secret', ORG_SECRET);
    secrets.set('CE user secret', USER_SECRET);
    secrets.set('HS256 secret', HS256_SECRET);
    for (const [name, key] of Object.entries(KEYS)) {
      secrets.set(`API key ${name}`, key);
    }
  }, 60_000);

  afterAll(async () => {
    await gw?.close();
  });

  it('should leak no secret into any log line, response body or response header', async () => {
    const remember = (name: string, value: string): void => void secrets.set(name, value);
    remember('element token 1001', gw.sandbox.tokenOf('1001'));
    remember('element token 1002', gw.sandbox.tokenOf('1002'));
    const token = await mintToken(secretKey(), { claims: { tenants: ['acme', 'globex'] } });
    const expired = await mintToken(secretKey(), { expiresIn: -3600 });
    remember('JWT', token);
    remember('JWT signature', token.split('.')[2] as string);
    remember('expired JWT', expired);
    const jwtHeaders = (tenant = 'acme'): Record<string, string> => ({
      authorization: `Bearer ${token}`,
      'x-tenant-id': tenant,
    });

    // Public routes.
    for (const path of [
      '/health/live',
      '/health/ready',
      '/metrics',
      '/docs',
      '/docs/openapi.json',
    ]) {
      await visit(path, { key: null });
    }
    await visit('/v1/incidents', {
      method: 'OPTIONS',
      key: null,
      headers: { origin: 'https://app.example.test', 'access-control-request-method': 'POST' },
    });

    // Incidents, comments, attachments.
    await visit('/v1/incidents?limit=3&include=raw');
    const incident = await idOf(
      await visit(
        '/v1/incidents',
        jsonBody({ subject: 'Session incident', description: 'd' }, { method: 'POST' }),
      ),
    );
    const read = await visit(`/v1/incidents/${incident}?include=raw`);
    const version = ((await read.json()) as { version: string }).version;
    await visit(
      `/v1/incidents/${incident}`,
      jsonBody({ priority: 'urgent' }, { method: 'PATCH', headers: { 'if-match': version } }),
    );
    await visit(
      `/v1/incidents/${incident}`,
      jsonBody({ subject: 'x' }, { method: 'PATCH', headers: { 'if-match': 'stale' } }),
    );
    const comment = await idOf(
      await visit(
        `/v1/incidents/${incident}/comments`,
        jsonBody({ body: 'Hello' }, { method: 'POST' }),
      ),
    );
    await visit(`/v1/incidents/${incident}/comments`);
    await visit(
      `/v1/incidents/${incident}/comments/${comment}`,
      jsonBody({ body: 'Hi' }, { method: 'PATCH' }),
    );
    await visit(`/v1/incidents/${incident}/comments/${comment}`, { method: 'DELETE' });
    const upload = new FormData();
    upload.append('file', new Blob(['attachment bytes'], { type: 'text/plain' }), 'notes.txt');
    const attachment = await idOf(
      await visit(`/v1/incidents/${incident}/attachments`, { method: 'POST', body: upload }),
    );
    await visit(`/v1/incidents/${incident}/attachments`);
    await visit(`/v1/incidents/${incident}/attachments/${attachment}`);
    await visit(`/v1/incidents/${incident}/attachments/${attachment}/content`);
    await visit(`/v1/incidents/${incident}/attachments/${attachment}`, { method: 'DELETE' });

    // Contacts, accounts, lookups.
    const account = await idOf(
      await visit('/v1/accounts', jsonBody({ name: 'Session account' }, { method: 'POST' })),
    );
    await visit(`/v1/accounts/${account}`);
    await visit(`/v1/accounts/${account}`, jsonBody({ phone: '+1 555 0100' }, { method: 'PATCH' }));
    const contact = await idOf(
      await visit(
        '/v1/contacts',
        jsonBody(
          { firstName: 'Ada', lastName: 'Lovelace', accountId: account },
          { method: 'POST' },
        ),
      ),
    );
    await visit('/v1/contacts?limit=2');
    await visit(`/v1/contacts/${contact}`);
    await visit(`/v1/contacts/${contact}`, { method: 'DELETE' });
    await visit(`/v1/accounts/${account}`, { method: 'DELETE' });
    await visit('/v1/accounts?limit=2');
    await visit('/v1/incident-statuses');
    await visit('/v1/incident-priorities');

    // A frontend caller with a JWT.
    await visit('/v1/incidents?limit=2', { key: null, headers: jwtHeaders('globex') });
    await visit('/v1/incidents', {
      ...jsonBody({ subject: 'From the app' }, { method: 'POST' }),
      key: null,
      headers: { ...jwtHeaders(), 'content-type': 'application/json' },
    });

    // Error paths: credentials, scopes, tenants, validation, routing, upstream failures.
    await visit('/v1/incidents', { key: null });
    await visit('/v1/incidents', { key: null, headers: { 'x-api-key': 'not-a-real-key-000000' } });
    await visit('/v1/incidents', { key: null, headers: { authorization: `Bearer ${expired}` } });
    await visit('/v1/incidents', { key: null, headers: { authorization: `Bearer ${token}x` } });
    await visit('/v1/incidents', {
      key: null,
      headers: { ...jwtHeaders(), 'x-api-key': KEYS.reader },
    });
    await visit('/v1/incidents', {
      ...jsonBody({ subject: 'x' }, { method: 'POST' }),
      key: 'reader',
    });
    await visit('/v1/incidents', { key: 'reader', tenant: 'globex' });
    await visit('/v1/incidents?limit=1000');
    await visit('/v1/incidents', jsonBody({ subject: 'x', unknown: 1 }, { method: 'POST' }));
    await visit('/v1/incidents', {
      method: 'POST',
      body: '{"subject":',
      headers: { 'content-type': 'application/json' },
    });
    await visit('/v1/incidents', { headers: { accept: 'text/html' } });
    await visit('/v1/incidents', { method: 'PUT' });
    await visit('/v1/nothing-here');
    await visit(`/v1/incidents/${'0'.repeat(32)}`);
    gw.sandbox.faults.add({
      path: '/hubs/helpdesk/accounts',
      status: 500,
      body: { message: 'boom' },
      times: 3,
    });
    await visit('/v1/accounts?limit=3', { headers: { 'cache-control': 'no-cache' } });
    gw.sandbox.faults.add({
      path: '/hubs/helpdesk/contacts',
      status: 400,
      body: { message: 'bad' },
      times: 1,
    });
    await visit('/v1/contacts', jsonBody({ firstName: 'a', lastName: 'b' }, { method: 'POST' }));
    gw.sandbox.rotateToken('1001');
    remember('rotated element token 1001', gw.sandbox.tokenOf('1001'));
    await visit('/v1/incidents?limit=1', { headers: { 'cache-control': 'no-cache' } });
    gw.sandbox.faults.clear();

    // Until the rate limit answers.
    for (let i = 0; i < 450; i++) {
      if ((await visit('/v1/incident-statuses', { key: 'writer' })).status === 429) {
        break;
      }
    }

    expect(seen.map((s) => s.status)).toEqual(
      expect.arrayContaining([200, 201, 204, 400, 401, 403, 404, 405, 406, 412, 422, 429, 502]),
    );
    expect(lines.length).toBeGreaterThan(50);
    expect(lines.some((line) => line.includes('Bearer token refused'))).toBe(true);
    const leaks: string[] = [];
    for (const [name, value] of secrets) {
      for (const line of lines) {
        if (line.includes(value)) {
          leaks.push(`${name} in log line ${line.slice(0, 200)}`);
        }
      }
      for (const response of seen) {
        if (response.headers.includes(value) || response.body.includes(value)) {
          leaks.push(`${name} in the response to ${response.request}`);
        }
      }
    }
    expect(leaks).toEqual([]);
    expect(
      lines.filter((line) => /orgSecret|userSecret|keyDigests|cursorSecret/.test(line)),
    ).toEqual([]);
  }, 60_000);
});
