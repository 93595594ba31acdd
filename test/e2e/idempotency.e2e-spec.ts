import { Redis } from 'ioredis';
import { expectProblem } from '../support/problem-assertions.js';
import { json, startTestGateway, type TestGateway } from '../support/test-gateway.js';

describe('Idempotency-Key on POST', () => {
  let gw: TestGateway;
  const post = (body: unknown, key?: string, via: TestGateway = gw): Promise<Response> =>
    via.call('/v1/incidents', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(key ? { 'idempotency-key': key } : {}) },
      body: JSON.stringify(body),
    });
  const upstreamPosts = (): number =>
    gw.sandbox.counters.snapshot().byRoute['POST /hubs/helpdesk/incidents'] ?? 0;

  beforeAll(async () => {
    gw = await startTestGateway();
  });

  afterAll(async () => {
    await gw.close();
  });

  beforeEach(() => {
    gw.sandbox.counters.reset();
    gw.sandbox.setLatency(0);
  });

  it('should replay the first result for the same key and body without a second upstream write', async () => {
    const first = await post({ subject: 'Once only', priority: 'low' }, 'key-replay-1');
    expect(first.status).toBe(201);
    const created = await json(first);
    const again = await post({ priority: 'low', subject: 'Once only' }, 'key-replay-1');
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.headers.get('location')).toBe(first.headers.get('location'));
    expect(await json(again)).toEqual(created);
    expect(upstreamPosts()).toBe(1);
  });

  it('should answer 409 CONFLICT for the same key with another body', async () => {
    expect((await post({ subject: 'First body' }, 'key-conflict-1')).status).toBe(201);
    await expectProblem(await post({ subject: 'Second body' }, 'key-conflict-1'), 409, 'CONFLICT');
    expect(upstreamPosts()).toBe(1);
  });

  it('should write once when duplicates arrive together, the others waiting for the first', async () => {
    gw.sandbox.setLatency(200);
    const responses = await Promise.all(
      Array.from({ length: 10 }, () => post({ subject: 'Concurrent' }, 'key-concurrent-1')),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(10).fill(201));
    const ids = new Set(
      await Promise.all(responses.map(async (r) => (await json(r)).id as string)),
    );
    expect(ids.size).toBe(1);
    expect(upstreamPosts()).toBe(1);
  });

  it('should hold across two gateway instances sharing Redis', async () => {
    const other = await startTestGateway({
      sharedSandbox: gw.sandbox,
      env: { REDIS_KEY_PREFIX: gw.config.redis.keyPrefix },
    });
    try {
      expect((await post({ subject: 'Across instances' }, 'key-shared-1')).status).toBe(201);
      const replay = await post({ subject: 'Across instances' }, 'key-shared-1', other);
      expect(replay.headers.get('idempotent-replayed')).toBe('true');
      expect(upstreamPosts()).toBe(1);
    } finally {
      await other.close();
    }
  });

  it('should let the key be used again after the first request failed', async () => {
    gw.sandbox.faults.add({
      method: 'POST',
      path: '/hubs/helpdesk/incidents',
      status: 500,
      times: 1,
    });
    expect((await post({ subject: 'Retry me' }, 'key-failed-1')).status).toBe(502);
    expect((await post({ subject: 'Retry me' }, 'key-failed-1')).status).toBe(201);
    expect(upstreamPosts()).toBe(2);
  });

  it('should tell a repeat that waited for a failed first request to send it again now', async () => {
    gw.sandbox.faults.add({
      method: 'POST',
      path: '/hubs/helpdesk/incidents',
      status: 500,
      latencyMs: 500,
      times: 1,
    });
    const first = post({ subject: 'Fails while a repeat waits' }, 'key-failed-2');
    await new Promise((resolve) => setTimeout(resolve, 150));
    const repeat = await post({ subject: 'Fails while a repeat waits' }, 'key-failed-2');
    expect((await first).status).toBe(502);
    const body = await expectProblem(repeat, 409, 'CONFLICT');
    expect(repeat.headers.get('retry-after')).toBe('0');
    expect(body).toEqual(expect.objectContaining({ retryable: false, retryAfterSeconds: 0 }));
    expect((await post({ subject: 'Fails while a repeat waits' }, 'key-failed-2')).status).toBe(
      201,
    );
    expect(upstreamPosts()).toBe(2);
  });

  it('should keep keys apart per caller, and create normally without a key', async () => {
    expect((await post({ subject: 'Per caller' }, 'key-caller-1')).status).toBe(201);
    const writer = await gw.call('/v1/incidents', {
      key: 'writer',
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': 'key-caller-1' },
      body: JSON.stringify({ subject: 'Per caller' }),
    });
    expect(writer.headers.get('idempotent-replayed')).toBeNull();
    expect((await post({ subject: 'No key' })).status).toBe(201);
    expect((await post({ subject: 'No key' })).status).toBe(201);
    expect(upstreamPosts()).toBe(4);
  });

  it('should refuse a malformed key', async () => {
    const body = await expectProblem(
      await post({ subject: 'x' }, 'x'.repeat(300)),
      400,
      'VALIDATION_FAILED',
    );
    expect(body.errors).toEqual([expect.objectContaining({ field: 'Idempotency-Key' })]);
  });
});

describe('Idempotency-Key claims of slow requests', () => {
  const DEADLINE_MS = 120_000;
  let gw: TestGateway;
  let redis: Redis;

  beforeAll(async () => {
    gw = await startTestGateway({
      env: {
        REQUEST_DEADLINE_MS: String(DEADLINE_MS),
        HTTP_CONNECTION_TIMEOUT_MS: '150000',
      },
    });
    redis = new Redis(gw.config.redis.url);
  });

  afterAll(async () => {
    redis?.disconnect();
    await gw?.close();
  });

  it('should hold the key for longer than the request deadline, and write once for a repeat sent meanwhile', async () => {
    gw.sandbox.setLatency(1500);
    const send = (): Promise<Response> =>
      gw.call('/v1/incidents', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': 'key-slow-1' },
        body: JSON.stringify({ subject: 'Slow first write' }),
      });
    const first = send();
    await new Promise((resolve) => setTimeout(resolve, 500));
    const claims = await redis.keys(`${gw.config.redis.keyPrefix}i:*`);
    expect(claims).toHaveLength(1);
    const claim = claims[0] as string;
    expect(JSON.parse((await redis.get(claim)) as string)).toMatchObject({ state: 'pending' });
    // Whatever the deadline lets the first request run, a repeat cannot find the key free.
    expect(await redis.pttl(claim)).toBeGreaterThan(DEADLINE_MS);
    const repeat = send();
    const responses = await Promise.all([first, repeat]);
    expect(responses.map((r) => r.status)).toEqual([201, 201]);
    expect(responses[1]?.headers.get('idempotent-replayed')).toBe('true');
    expect(gw.sandbox.counters.snapshot().byRoute['POST /hubs/helpdesk/incidents']).toBe(1);
  });
});
