import { Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { EventHub } from '../../src/events/event-hub.service.js';
import { DrainState } from '../../src/lifecycle/drain-state.js';
import { shutDown } from '../../src/lifecycle/graceful-shutdown.js';
import {
  connectSandbox,
  eventually,
  eventsEnv,
  expectHit,
  inspectRedis,
  notification,
  postWebhook,
  sleep,
  streamLength,
  warmCache,
  WEBHOOK_SECRETS,
} from '../support/event-helpers.js';
import { AUDIENCE, HS256_SECRET, ISSUER, mintToken } from '../support/jwt-issuer.js';
import { expectProblem } from '../support/problem-assertions.js';
import { openSse, type SseClient } from '../support/sse-client.js';
import { json, KEYS, startTestGateway, type TestGateway } from '../support/test-gateway.js';

const STREAM_ID = /^\d+-\d+$/;

/** hgw_redis_errors_total of the gateway (0 while nothing was counted). */
async function redisErrors(gw: TestGateway): Promise<number> {
  const metrics = await (await gw.call('/metrics', { key: null })).text();
  return Number(/^hgw_redis_errors_total (\d+)$/m.exec(metrics)?.[1] ?? 0);
}

describe('Server-Sent Events (GET /v1/events)', () => {
  let gw: TestGateway;
  let redis: Redis;
  const clients: SseClient[] = [];

  /** A stream for a standard caller (reader: tenant acme; internal: the tenant given). */
  async function open(
    options: {
      key?: keyof typeof KEYS;
      tenant?: string;
      query?: string;
      headers?: Record<string, string>;
    } = {},
  ): Promise<SseClient> {
    const headers: Record<string, string> = {
      'x-api-key': KEYS[options.key ?? 'reader'],
      ...options.headers,
    };
    if (options.tenant) {
      headers['x-tenant-id'] = options.tenant;
    }
    const client = await openSse(`${gw.url}/v1/events${options.query ?? ''}`, headers);
    clients.push(client);
    return client;
  }

  beforeAll(async () => {
    gw = await startTestGateway({ env: eventsEnv({}, ['acme', 'globex']) });
    redis = await inspectRedis(gw);
    connectSandbox(gw, '1001', 'acme');
    connectSandbox(gw, '1002', 'globex');
  });

  afterEach(() => {
    clients.splice(0).forEach((client) => client.close());
  });

  afterAll(async () => {
    redis.disconnect();
    await gw.close();
  });

  it('should bring a change made directly in SAP to a connected client, and the next GET returns the new value', async () => {
    const store = gw.sandbox.store('1001');
    const id = store.incidents.list()[1]!.ObjectID;
    await warmCache(gw, `/v1/incidents/${id}`);
    const sse = await open();
    store.incidents.update(id, {
      Name: { content: 'Changed directly in SAP', languageCode: 'EN' },
    });
    const { id: streamId, event } = await sse.nextEvent(id);
    expect(streamId).toMatch(STREAM_ID);
    expect(event).toEqual({
      id: expect.any(String),
      tenant: 'acme',
      resource: 'incidents',
      objectId: id,
      type: 'updated',
      occurredAt: new Date(store.incidents.get(id)!.ChangedOn).toISOString(),
    });
    const after = await gw.call(`/v1/incidents/${id}`);
    expect(after.headers.get('cache-status')).toMatch(/^helpdesk-gateway; fwd=miss/);
    expect((await json(after)).subject).toBe('Changed directly in SAP');
  });

  it('should open the stream for an Accept that names text/event-stream alone', async () => {
    const sse = await open({ headers: { accept: 'text/event-stream' } });
    expect(sse.response.status).toBe(200);
    expect(sse.response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
  });

  it('should answer with event-stream headers, a retry hint and heartbeats', async () => {
    const sse = await open();
    expect(sse.response.status).toBe(200);
    expect(sse.response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(sse.response.headers.get('cache-control')).toBe('no-cache');
    expect(sse.response.headers.get('x-accel-buffering')).toBe('no');
    expect(sse.response.headers.get('x-request-id')).toBeTruthy();
    await eventually(() => expect(sse.comments).toContain('keep-alive'), 3000);
    expect(sse.retryMs).toBe(2000);
  });

  it('should report writes through the gateway as created, updated and deleted', async () => {
    const sse = await open({ key: 'writer' });
    const created = await json(
      await gw.call('/v1/contacts', {
        key: 'writer',
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ firstName: 'Ada', lastName: 'Events' }),
      }),
    );
    expect((await sse.nextEvent(created.id as string)).event.type).toBe('created');
    await gw.call(`/v1/contacts/${created.id}`, {
      key: 'writer',
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ lastName: 'Streams' }),
    });
    await sse.next((m) => m.event === 'message' && JSON.parse(m.data).type === 'updated');
    await gw.call(`/v1/contacts/${created.id}`, { key: 'writer', method: 'DELETE' });
    await sse.next((m) => m.event === 'message' && JSON.parse(m.data).type === 'deleted');
    expect(sse.events.map((e) => [e.resource, e.objectId, e.type])).toEqual([
      ['contacts', created.id, 'created'],
      ['contacts', created.id, 'updated'],
      ['contacts', created.id, 'deleted'],
    ]);
  });

  it('should report a comment added in SAP as a change of its incident', async () => {
    const store = gw.sandbox.store('1001');
    const id = store.incidents.list()[2]!.ObjectID;
    await warmCache(gw, `/v1/incidents/${id}/comments`);
    const sse = await open();
    const comment = store.commentsOf(id)[0]!;
    store.comments.update(comment.ObjectID, { Text: 'Edited in SAP' });
    await sse.nextEvent(id);
    const comments = await json(await gw.call(`/v1/incidents/${id}/comments`));
    expect(comments.data.map((c: { body: string }) => c.body)).toContain('Edited in SAP');
  });

  it.each(['raw', 'normalized'] as const)(
    'should take notifications that carry only the %s part',
    async (shape) => {
      gw.sandbox.notifications.configure('1001', {
        callbackUrl: `${gw.url}/webhooks/cloud-elements/acme`,
        signatureKey: WEBHOOK_SECRETS.acme,
        batchMs: 5,
        shape,
      });
      try {
        const store = gw.sandbox.store('1001');
        const id = store.accounts.list()[6]!.ObjectID;
        await warmCache(gw, `/v1/accounts/${id}`);
        const sse = await open();
        store.accounts.update(id, { AccountName: `Only ${shape}` });
        expect((await sse.nextEvent(id)).event).toMatchObject({
          resource: 'accounts',
          type: 'updated',
        });
        expect((await json(await gw.call(`/v1/accounts/${id}`))).name).toBe(`Only ${shape}`);
      } finally {
        connectSandbox(gw, '1001', 'acme');
      }
    },
  );

  it('should send only the resources asked for', async () => {
    const store = gw.sandbox.store('1001');
    const sse = await open({ query: '?resource=contacts' });
    const incident = store.incidents.list()[3]!.ObjectID;
    const contact = store.contacts.list()[3]!.ObjectID;
    store.incidents.update(incident, { ServicePriorityCode: '1' });
    await gw.sandbox.notifications.idle();
    store.contacts.update(contact, { FirstName: 'Filtered' });
    await sse.nextEvent(contact);
    expect(sse.events.map((e) => e.resource)).toEqual(['contacts']);
  });

  it("should never send one tenant's events to another tenant's clients", async () => {
    const acme = await open({ key: 'internal', tenant: 'acme' });
    const globex = await open({ key: 'internal', tenant: 'globex' });
    const globexBefore = await streamLength(redis, 'globex');
    const acmeIncident = gw.sandbox.store('1001').incidents.list()[4]!.ObjectID;
    gw.sandbox.store('1001').incidents.update(acmeIncident, { ServicePriorityCode: '7' });
    await acme.nextEvent(acmeIncident);
    const globexIncident = gw.sandbox.store('1002').incidents.list()[4]!.ObjectID;
    gw.sandbox.store('1002').incidents.update(globexIncident, { ServicePriorityCode: '7' });
    await globex.nextEvent(globexIncident);
    await sleep(200);
    expect(acme.events.map((e) => e.tenant)).toEqual(['acme']);
    expect(globex.events.map((e) => [e.tenant, e.objectId])).toEqual([['globex', globexIncident]]);
    expect(await streamLength(redis, 'globex')).toBe(globexBefore + 1);
    // A notification signed for acme but sent to globex's webhook does not verify there.
    const body = JSON.stringify(
      notification([{ objectType: 'incidents', objectId: acmeIncident }]),
    );
    const crossed = await postWebhook(gw, { tenant: 'globex', body, signature: undefined });
    await expectProblem(crossed, 401, 'UNAUTHENTICATED', Object.values(WEBHOOK_SECRETS));
  });

  it('should resume after Last-Event-ID with only the events that came later', async () => {
    const store = gw.sandbox.store('1001');
    const [a, b, c] = store.accounts.list().map((r) => r.ObjectID);
    const first = await open({ query: '?resource=accounts' });
    store.accounts.update(a!, { AccountName: 'First' });
    const seen = await first.nextEvent(a!);
    first.close();
    store.accounts.update(b!, { AccountName: 'Second' });
    store.accounts.update(c!, { AccountName: 'Third' });
    await gw.sandbox.notifications.idle();
    await eventually(async () => {
      const last = await redis.xrevrange('ev:{acme}:stream', '+', '-', 'COUNT', 1);
      expect(last[0]?.[1][1]).toContain(c);
    });
    const resumed = await open({
      query: '?resource=accounts',
      headers: { 'last-event-id': seen.id! },
    });
    await resumed.nextEvent(c!);
    expect(resumed.events.map((e) => e.objectId)).toEqual([b, c]);
    expect(resumed.messages.every((m) => m.event === 'message')).toBe(true);
    const ids = resumed.messages.map((m) => m.id!);
    expect([...ids].sort()).toEqual(ids);
  });

  it('should warn with a reset event when events after Last-Event-ID are no longer kept', async () => {
    const contact = gw.sandbox.store('1001').contacts.list()[5]!.ObjectID;
    const first = await open();
    gw.sandbox.store('1001').contacts.update(contact, { FirstName: 'Before trim' });
    const seen = await first.nextEvent(contact);
    await postWebhook(gw, { body: notification([{ objectType: 'contacts', objectId: contact }]) });
    await eventually(async () => {
      const last = await redis.xrevrange('ev:{acme}:stream', '+', '-', 'COUNT', 1);
      expect(last[0]?.[0]).not.toBe(seen.id);
    });
    await redis.xtrim('ev:{acme}:stream', 'MAXLEN', 1);
    const resumed = await open({ headers: { 'last-event-id': seen.id! } });
    const reset = await resumed.next((m) => m.event === 'reset');
    expect(JSON.parse(reset.data)).toEqual({ reason: 'history-trimmed' });
  });

  it.each<[string, Parameters<typeof open>[0], number, string]>([
    [
      'a malformed Last-Event-ID',
      { headers: { 'last-event-id': 'yesterday' } },
      400,
      'VALIDATION_FAILED',
    ],
    [
      'a Last-Event-ID whose time part is beyond 64 bits',
      { headers: { 'last-event-id': '18446744073709551616-0' } },
      400,
      'VALIDATION_FAILED',
    ],
    [
      'a Last-Event-ID whose both parts are beyond 64 bits',
      { headers: { 'last-event-id': '99999999999999999999-99999999999999999999' } },
      400,
      'VALIDATION_FAILED',
    ],
    ['an unknown resource', { query: '?resource=incidents,tickets' }, 400, 'VALIDATION_FAILED'],
    ['an unknown query parameter', { query: '?since=now' }, 400, 'VALIDATION_FAILED'],
    ['no credentials', { headers: { 'x-api-key': 'nope-nope-nope' } }, 401, 'UNAUTHENTICATED'],
    ["another tenant's stream", { tenant: 'globex' }, 403, 'FORBIDDEN'],
    [
      'an Accept without event streams',
      { headers: { accept: 'application/json' } },
      406,
      'NOT_ACCEPTABLE',
    ],
  ])(
    'should refuse %s with a contract problem before the stream starts',
    async (_case, options, status, code) => {
      const refused = await open(options);
      await expectProblem(refused.response, status, code);
    },
  );

  it('should name Last-Event-ID when it is out of range, and not take it to Redis', async () => {
    const errorsBefore = await redisErrors(gw);
    const refused = await open({
      headers: { 'last-event-id': '18446744073709551615-18446744073709551616' },
    });
    const problem = await expectProblem(refused.response, 400, 'VALIDATION_FAILED');
    expect(problem.errors).toEqual([{ field: 'Last-Event-ID', message: expect.any(String) }]);
    expect(await redisErrors(gw)).toBe(errorsBefore);
  });

  it('should take the largest Last-Event-ID there is and resume without a reset', async () => {
    const errorsBefore = await redisErrors(gw);
    const sse = await open({
      headers: { 'last-event-id': '18446744073709551615-18446744073709551615' },
    });
    expect(sse.response.status).toBe(200);
    await eventually(() => expect(sse.comments).toContain('connected'));
    await sleep(100);
    expect(sse.messages.filter((m) => m.event === 'reset')).toEqual([]);
    expect(await redisErrors(gw)).toBe(errorsBefore);
  });

  it('should answer HEAD at once with the headers of a stream, and hold no stream slot', async () => {
    const hub = gw.app.get(EventHub);
    await eventually(() => expect(hub.size).toBe(0));
    const response = await fetch(`${gw.url}/v1/events`, {
      method: 'HEAD',
      headers: { 'x-api-key': KEYS.reader, accept: 'text/event-stream' },
      signal: AbortSignal.timeout(2000),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-cache');
    expect(await response.text()).toBe('');
    await sleep(100);
    expect(hub.size).toBe(0);
    const metrics = await (await gw.call('/metrics', { key: null })).text();
    expect(metrics).toMatch(/^hgw_sse_clients 0$/m);
  });

  it('should forget a client that goes away', async () => {
    const hub = gw.app.get(EventHub);
    const sse = await open();
    await eventually(() => expect(sse.comments).toContain('connected'));
    expect(hub.size).toBeGreaterThanOrEqual(1);
    const before = hub.size;
    sse.close();
    await eventually(() => expect(hub.size).toBe(before - 1));
  });
});

describe('Server-Sent Events on a fresh instance', () => {
  it('should open the first stream of a tenant without counting a Redis error', async () => {
    const gw = await startTestGateway({ env: eventsEnv() });
    try {
      expect(await redisErrors(gw)).toBe(0);
      const sse = await openSse(`${gw.url}/v1/events`, { 'x-api-key': KEYS.reader });
      await eventually(() => expect(sse.comments).toContain('connected'));
      // The feed's reader connects and blocks in XREAD; a change shows that it reads.
      const contact = gw.sandbox.store('1001').contacts.list()[0]!.ObjectID;
      await postWebhook(gw, {
        body: notification([{ objectType: 'contacts', objectId: contact }]),
      });
      expect((await sse.nextEvent(contact)).id).toMatch(STREAM_ID);
      expect(await redisErrors(gw)).toBe(0);
      sse.close();
    } finally {
      await gw.close();
    }
  });
});

describe('Server-Sent Events on shutdown', () => {
  it('should end open streams with a close event while draining and refuse new ones with 503', async () => {
    const gw = await startTestGateway({ env: eventsEnv() });
    try {
      const sse = await openSse(`${gw.url}/v1/events`, { 'x-api-key': KEYS.reader });
      await eventually(() => expect(sse.comments).toContain('connected'));
      gw.app.get(DrainState).draining = true;
      const closing = await sse.next((m) => m.event === 'close');
      expect(JSON.parse(closing.data)).toEqual({ reason: 'shutdown' });
      await sse.ended;
      const refused = await openSse(`${gw.url}/v1/events`, { 'x-api-key': KEYS.reader });
      await expectProblem(refused.response, 503, 'UPSTREAM_UNAVAILABLE');
      refused.close();
      expect(gw.app.get(EventHub).size).toBe(0);
    } finally {
      await gw.close();
    }
  });

  it('should let a graceful shutdown finish at once with clients connected', async () => {
    const gw = await startTestGateway({ env: eventsEnv() });
    const clients = await Promise.all(
      [1, 2, 3].map(() => openSse(`${gw.url}/v1/events`, { 'x-api-key': KEYS.reader })),
    );
    await eventually(() =>
      expect(clients.every((c) => c.comments.includes('connected'))).toBe(true),
    );
    const started = Date.now();
    const inTime = await shutDown(gw.app, { delayMs: 0, drainMs: 5000 }, new Logger('test'));
    expect(inTime).toBe(true);
    expect(Date.now() - started).toBeLessThan(3000);
    for (const client of clients) {
      await client.ended;
      expect(client.messages.at(-1)).toEqual({
        id: undefined,
        event: 'close',
        data: '{"reason":"shutdown"}',
      });
    }
    await gw.sandbox.close();
  });
});

describe('Server-Sent Events without webhooks', () => {
  it('should still serve streams and send nothing while no change arrives', async () => {
    const gw = await startTestGateway({ env: eventsEnv() });
    try {
      const incident = gw.sandbox.store('1001').incidents.list()[0]!.ObjectID;
      await warmCache(gw, `/v1/incidents/${incident}`);
      const sse = await openSse(`${gw.url}/v1/events`, { 'x-api-key': KEYS.reader });
      gw.sandbox.store('1001').incidents.update(incident, { ServicePriorityCode: '1' });
      await sleep(300);
      expect(sse.messages).toEqual([]);
      await expectHit(gw, `/v1/incidents/${incident}`);
      sse.close();
    } finally {
      await gw.close();
    }
  });
});

/** A gateway whose callers may also come with HS256 bearer tokens (plus any other variables). */
function jwtGateway(env: Record<string, string> = {}): Promise<TestGateway> {
  return startTestGateway({
    env: eventsEnv({
      JWT_HS256_SECRET: HS256_SECRET,
      JWT_ISSUER: ISSUER,
      JWT_AUDIENCE: AUDIENCE,
      ...env,
    }),
  });
}

describe('Server-Sent Events opened with a JWT', () => {
  it('should end the stream with a close event when the token expires, and not before', async () => {
    const gw = await jwtGateway({ JWT_CLOCK_SKEW_SECONDS: '0' });
    const secret = new TextEncoder().encode(HS256_SECRET);
    try {
      const lasting = await openSse(`${gw.url}/v1/events`, {
        authorization: `Bearer ${await mintToken(secret, { expiresIn: 300 })}`,
      });
      const sse = await openSse(`${gw.url}/v1/events`, {
        authorization: `Bearer ${await mintToken(secret, { expiresIn: 2 })}`,
      });
      expect(sse.response.status).toBe(200);

      const closing = await sse.next((m) => m.event === 'close', 5000);
      await sse.ended;

      expect(JSON.parse(closing.data)).toEqual({ reason: 'credentials-expired' });
      expect(lasting.isEnded).toBe(false);
      expect(gw.app.get(EventHub).size).toBe(1);
      lasting.close();
    } finally {
      await gw.close();
    }
  });

  it('should keep a stream open whose token expired within the clock skew it was accepted with', async () => {
    const gw = await jwtGateway();
    const secret = new TextEncoder().encode(HS256_SECRET);
    try {
      const sse = await openSse(`${gw.url}/v1/events`, {
        authorization: `Bearer ${await mintToken(secret, { expiresIn: -10 })}`,
      });
      expect(sse.response.status).toBe(200);
      await eventually(() => expect(sse.comments).toContain('connected'));
      await sleep(1000);

      expect(sse.messages.filter((m) => m.event === 'close')).toEqual([]);
      expect(sse.isEnded).toBe(false);
      expect(gw.app.get(EventHub).size).toBe(1);
      sse.close();
    } finally {
      await gw.close();
    }
  });

  it('should end a stream at the token expiry plus the clock skew, not at the expiry', async () => {
    const gw = await jwtGateway({ JWT_CLOCK_SKEW_SECONDS: '2' });
    const secret = new TextEncoder().encode(HS256_SECRET);
    try {
      const token = await mintToken(secret, { expiresIn: 2 });
      const exp = (
        JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as {
          exp: number;
        }
      ).exp;
      const sse = await openSse(`${gw.url}/v1/events`, { authorization: `Bearer ${token}` });
      expect(sse.response.status).toBe(200);

      await sleep(Math.max(0, exp * 1000 + 1000 - Date.now()));
      expect(sse.messages.filter((m) => m.event === 'close')).toEqual([]);
      expect(sse.isEnded).toBe(false);

      const closing = await sse.next((m) => m.event === 'close', 4000);
      const closedAt = Date.now();
      await sse.ended;
      expect(JSON.parse(closing.data)).toEqual({ reason: 'credentials-expired' });
      expect(closedAt).toBeGreaterThanOrEqual(exp * 1000 + 2000 - 100);
    } finally {
      await gw.close();
    }
  });

  it('should keep a stream open whose token expires beyond what one timer can wait', async () => {
    const gw = await jwtGateway();
    const secret = new TextEncoder().encode(HS256_SECRET);
    try {
      const streams = await Promise.all(
        [30 * 86_400, 10 * 365 * 86_400, 1e308].map(async (expiresIn) =>
          openSse(`${gw.url}/v1/events`, {
            authorization: `Bearer ${await mintToken(secret, { expiresIn })}`,
          }),
        ),
      );
      expect(streams.map((sse) => sse.response.status)).toEqual([200, 200, 200]);
      await eventually(() =>
        expect(streams.every((sse) => sse.comments.includes('connected'))).toBe(true),
      );
      await sleep(300);

      expect(streams.map((sse) => sse.isEnded)).toEqual([false, false, false]);
      expect(streams.flatMap((sse) => sse.messages.filter((m) => m.event === 'close'))).toEqual([]);
      expect(gw.app.get(EventHub).size).toBe(3);
      streams.forEach((sse) => sse.close());
    } finally {
      await gw.close();
    }
  });
});
