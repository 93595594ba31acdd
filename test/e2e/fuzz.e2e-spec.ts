import { request as httpRequest } from 'node:http';
import { KEYS, startTestGateway, type TestGateway } from '../support/test-gateway.js';

/** Deterministic PRNG (mulberry32) so a failing case can be replayed. */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const IDS = [
  '..%2F..%2Fetc%2Fpasswd',
  '%00',
  '%FF%FE',
  'x'.repeat(300),
  '%E2%82',
  '%F0%9F%98%80',
  "1'OR'1'='1",
  '..',
  '%2e%2e',
  'a%20b',
  '-1',
  '0',
];
const PATHS = [
  '/v1/incidents',
  '/v1/incidents/{id}',
  '/v1/incidents/{id}/comments',
  '/v1/incidents/{id}/comments/{id}',
  '/v1/incidents/{id}/attachments/{id}/content',
  '/v1/contacts/{id}',
  '/v1/accounts',
  '/v1/{id}',
  '/{id}',
];
const QUERIES = [
  'limit=1e400',
  'limit=-1',
  'limit=0',
  'limit=abc',
  'limit=1&limit=2',
  'limit=99999999999999999999999',
  'cursor=%00%01',
  'cursor=' + 'A'.repeat(2000),
  'sort=__proto__',
  'status=' + 'a,'.repeat(50),
  'q=%0D%0A',
  'q=' + 'x'.repeat(1000),
  'updatedSince=yesterday',
  'updatedSince=2026-13-45T99:99:99Z',
  '__proto__[x]=1',
  'constructor=1',
  'include=raw&include=raw',
  'accountId=%FF',
  'q=%E2%82',
  '',
];
const BODIES: (string | Buffer)[] = [
  '{',
  '{"subject": }',
  'null',
  '[]',
  '"string"',
  '12345',
  'true',
  '{"subject": 1e400}',
  '{"subject": 123}',
  '{"subject": ["a"]}',
  '{"subject": {"$gt": ""}}',
  '{"__proto__": {"polluted": true}, "subject": "x"}',
  '{"constructor": {"prototype": {"x": 1}}}',
  '['.repeat(5000) + ']'.repeat(5000),
  '{"a":'.repeat(2000) + '1' + '}'.repeat(2000),
  '{"subject": "\u0000\u0001\u0002"}',
  Buffer.from([0x7b, 0x22, 0x73, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]),
  '{"subject": "' + 'x'.repeat(300) + '"}',
  '{"subject": "ok", "priority": 7}',
  '{"limit": 99999999999999999999}',
];
const CONTENT_TYPES = [
  'application/json',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/json; charset=latin1',
  '',
];
const METHODS = ['GET', 'POST', 'PATCH', 'DELETE', 'PUT', 'HEAD'];

interface Outcome {
  status: number;
  contentType: string;
  errorCode: string;
  body: string;
}

function send(
  base: string,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string | Buffer,
): Promise<Outcome> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: url.hostname, port: url.port, method, path, headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            contentType: String(res.headers['content-type'] ?? ''),
            errorCode: String(res.headers['x-error-code'] ?? ''),
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
      },
    );
    req.setTimeout(10_000, () => req.destroy(new Error(`timeout: ${method} ${path}`)));
    req.on('error', reject);
    req.end(body);
  });
}

describe('Fuzzed malformed requests', () => {
  let gw: TestGateway;

  beforeAll(async () => {
    gw = await startTestGateway();
  });

  afterAll(async () => {
    await gw.close();
  });

  it('should never answer 500 or a body that is not a contract problem, over 300 random requests', async () => {
    const random = prng(20261128);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
    const failures: string[] = [];
    for (let i = 0; i < 300; i++) {
      const method = pick(METHODS);
      const path = pick(PATHS).replace(/\{id\}/g, () => pick(IDS));
      const query = random() < 0.6 ? `?${pick(QUERIES)}` : '';
      const withBody = method !== 'GET' && method !== 'HEAD' && random() < 0.8;
      const contentType = pick(CONTENT_TYPES);
      const headers: Record<string, string> = { 'x-api-key': KEYS.internal, 'x-tenant-id': 'acme' };
      if (withBody && contentType) {
        headers['content-type'] = contentType;
      }
      if (random() < 0.1) {
        headers['x-tenant-id'] = pick(['', 'globex\t', 'x'.repeat(500), 'acme,globex']);
      }
      const body = withBody ? pick(BODIES) : undefined;
      const outcome = await send(gw.url, method, `${path}${query}`, headers, body).catch(
        (error: Error) => error,
      );
      if (outcome instanceof Error) {
        failures.push(
          `#${i} ${method} ${path}${query} ${String(body).slice(0, 40)}: ${outcome.message}`,
        );
        continue;
      }
      const label = `#${i} ${method} ${path}${query} -> ${outcome.status}`;
      if (outcome.status >= 500 && outcome.status < 502) {
        failures.push(`${label}: ${outcome.body.slice(0, 200)}`);
      } else if (outcome.status >= 400 && method !== 'HEAD') {
        const isProblem =
          outcome.contentType.startsWith('application/problem+json') && outcome.errorCode !== '';
        let parsed: { code?: string } = {};
        try {
          parsed = JSON.parse(outcome.body) as { code?: string };
        } catch {
          // reported below
        }
        if (!isProblem || parsed.code !== outcome.errorCode) {
          failures.push(
            `${label}: not a problem body (${outcome.contentType}) ${outcome.body.slice(0, 120)}`,
          );
        }
      }
      if (/\n\s+at |node_modules|\.ts:\d+/.test(outcome.body)) {
        failures.push(`${label}: leaks a stack`);
      }
    }
    expect(failures).toEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  }, 120_000);
});
