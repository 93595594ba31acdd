import type { Redis } from 'ioredis';
import {
  eventually,
  eventsEnv,
  expectFresh,
  expectHit,
  inspectRedis,
  notification,
  postWebhook,
  sign,
  sleep,
  streamLength,
  warmCache,
  WEBHOOK_SECRETS,
} from '../support/event-helpers.js';
import { freePort } from '../support/global-setup.js';
import { expectProblem } from '../support/problem-assertions.js';
import { openSse } from '../support/sse-client.js';
import { json, KEYS, startTestGateway, type TestGateway } from '../support/test-gateway.js';

const BODY_LIMIT = 8192;

describe('Cloud Elements webhooks without Redis', () => {
  let gw: TestGateway;

  beforeAll(async () => {
    const port = await freePort();
    gw = await startTestGateway({ env: eventsEnv({ REDIS_URL: `redis://127.0.0.1:${port}` }) });
  });

  afterAll(async () => {
    await gw.close();
  });

  it("should still deliver to this instance's clients (without resume ids) and recognise replays in memory", async () => {
    const id = gw.sandbox.store('1001').incidents.list()[0]!.ObjectID;
    const sse = await openSse(`${gw.url}/v1/events`, { 'x-api-key': KEYS.reader });
    try {
      expect(sse.response.status).toBe(200);
      const body = notification([{ objectType: 'incidents', objectId: id }]);
      expect((await postWebhook(gw, { body, webhookId: 'no-redis-1' })).status).toBe(202);
      const delivered = await sse.next((m) => m.event === 'message');
      expect(delivered.id).toBeUndefined();
      expect(JSON.parse(delivered.data)).toMatchObject({ tenant: 'acme', objectId: id });
      const replay = await postWebhook(gw, { body, webhookId: 'no-redis-1' });
      expect(replay.status).toBe(200);
      expect(await json(replay)).toMatchObject({ status: 'duplicate' });
      const resumed = await openSse(`${gw.url}/v1/events`, {
        'x-api-key': KEYS.reader,
        'last-event-id': '1-0',
      });
      const reset = await resumed.next((m) => m.event === 'reset');
      expect(JSON.parse(reset.data)).toEqual({ reason: 'history-unavailable' });
      resumed.close();
    } finally {
      sse.close();
    }
  });
});

describe('Cloud Elements webhooks', () => {
  let gw: TestGateway;
  let redis: Redis;
  let incidentId: string;
  let contactId: string;

  /** hgw_event_notifications_total{outcome="rejected"} of the gateway under test. */
  async function rejected(): Promise<number> {
    const metrics = await (await gw.call('/metrics', { key: null })).text();
    return Number(
      /^hgw_event_notifications_total\{outcome="rejected"\} (\d+)$/m.exec(metrics)?.[1] ?? 0,
    );
  }

  beforeAll(async () => {
    gw = await startTestGateway({
      env: eventsEnv({ EVENTS_WEBHOOK_BODY_LIMIT_BYTES: String(BODY_LIMIT) }),
    });
    redis = await inspectRedis(gw);
    const store = gw.sandbox.store('1001');
    incidentId = store.incidents.list()[0]!.ObjectID;
    contactId = store.contacts.list()[0]!.ObjectID;
  });

  afterAll(async () => {
    redis.disconnect();
    await gw.close();
  });

  async function streamEntries(tenant = 'acme'): Promise<Record<string, any>[]> {
    const entries = await redis.xrange(`ev:{${tenant}}:stream`, '-', '+');
    return entries.map(([, fields]) => JSON.parse(fields[1] as string));
  }

  it('should accept a signed notification with 202, make the cached incident fresh and publish its event', async () => {
    await warmCache(gw, `/v1/incidents/${incidentId}`);
    await warmCache(gw, '/v1/incidents?limit=5');
    const before = await streamLength(redis, 'acme');
    const response = await postWebhook(gw, {
      body: notification([{ objectType: 'incidents', objectId: incidentId, eventType: 'UPDATED' }]),
    });
    expect(response.status).toBe(202);
    expect(await json(response)).toEqual({ status: 'accepted', changes: 1 });
    await eventually(async () => expect(await streamLength(redis, 'acme')).toBe(before + 1));
    await expectFresh(gw, `/v1/incidents/${incidentId}`);
    await expectFresh(gw, '/v1/incidents?limit=5');
    const [published] = (await streamEntries()).slice(-1);
    expect(published).toEqual({
      id: expect.stringMatching(/^[A-Za-z0-9_-]{22}$/),
      tenant: 'acme',
      resource: 'incidents',
      objectId: incidentId,
      type: 'updated',
      occurredAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
    });
  });

  it('should take a polling payload under message.raw and report a record changed when created as created', async () => {
    await warmCache(gw, `/v1/contacts/${contactId}`);
    const before = await streamLength(redis, 'acme');
    const response = await postWebhook(gw, {
      body: {
        message: {
          eventId: 'poll-1',
          raw: {
            objectType: 'contacts',
            contacts: [{ ObjectID: contactId, CreatedOn: 1000, ChangedOn: 1000 }],
            instance_id: 1001,
          },
        },
      },
    });
    expect(response.status).toBe(202);
    await eventually(async () => expect(await streamLength(redis, 'acme')).toBe(before + 1));
    await expectFresh(gw, `/v1/contacts/${contactId}`);
    expect((await streamEntries()).slice(-1)[0]).toMatchObject({
      resource: 'contacts',
      objectId: contactId,
      type: 'created',
      occurredAt: '1970-01-01T00:00:01.000Z',
    });
  });

  it('should take normalized events at the top level of the body', async () => {
    await warmCache(gw, '/v1/accounts?limit=3');
    const response = await postWebhook(gw, {
      body: { events: [{ objectType: 'accounts', objectId: 'ACC1', eventType: 'DELETED' }] },
    });
    expect(response.status).toBe(202);
    await eventually(() => expectFresh(gw, '/v1/accounts?limit=3'));
    await eventually(async () =>
      expect((await streamEntries()).slice(-1)[0]).toMatchObject({
        objectId: 'ACC1',
        type: 'deleted',
      }),
    );
  });

  it('should answer a replayed notification id with 200 duplicate and not process it again', async () => {
    const body = notification([{ objectType: 'incidents', objectId: incidentId }]);
    const initial = await streamLength(redis, 'acme');
    const first = await postWebhook(gw, { body, webhookId: 'replayed-id-1' });
    expect(first.status).toBe(202);
    const before = initial + 1;
    await eventually(async () => expect(await streamLength(redis, 'acme')).toBe(before));
    await warmCache(gw, `/v1/incidents/${incidentId}`);
    const replay = await postWebhook(gw, { body, webhookId: 'replayed-id-1' });
    expect(replay.status).toBe(200);
    expect(await json(replay)).toEqual({ status: 'duplicate', changes: 0 });
    await sleep(200);
    await expectHit(gw, `/v1/incidents/${incidentId}`);
    expect(await streamLength(redis, 'acme')).toBe(before);
  });

  it('should recognise a replay across gateway instances sharing Redis', async () => {
    const other = await startTestGateway({
      sharedSandbox: gw.sandbox,
      env: eventsEnv({ REDIS_KEY_PREFIX: gw.config.redis.keyPrefix }),
    });
    try {
      const body = notification([{ objectType: 'incidents', objectId: incidentId }]);
      expect((await postWebhook(gw, { body, webhookId: 'across-instances' })).status).toBe(202);
      const again = await postWebhook(other, { body, webhookId: 'across-instances' });
      expect(again.status).toBe(200);
      expect(await json(again)).toMatchObject({ status: 'duplicate' });
    } finally {
      await other.close();
    }
  });

  it('should invalidate nothing and publish nothing for an object type the gateway does not serve', async () => {
    await warmCache(gw, `/v1/incidents/${incidentId}`);
    const before = await streamLength(redis, 'acme');
    const response = await postWebhook(gw, {
      body: notification([{ objectType: 'opportunities', objectId: incidentId }]),
    });
    expect(response.status).toBe(202);
    await sleep(200);
    await expectHit(gw, `/v1/incidents/${incidentId}`);
    expect(await streamLength(redis, 'acme')).toBe(before);
  });

  describe('refusals', () => {
    const valid = (): Record<string, unknown> =>
      notification([{ objectType: 'incidents', objectId: incidentId, eventType: 'UPDATED' }]);
    const cases: [string, () => Parameters<typeof postWebhook>[1], number, string][] = [
      [
        'a signature made with another key',
        () => ({
          body: valid(),
          signature: sign(JSON.stringify(valid()), 'some-other-key-0123456789'),
        }),
        401,
        'UNAUTHENTICATED',
      ],
      [
        'a body changed after signing',
        () => {
          const body = valid();
          return { body: { ...body, extra: true }, signature: sign(JSON.stringify(body)) };
        },
        401,
        'UNAUTHENTICATED',
      ],
      ['no signature', () => ({ body: valid(), signature: null }), 401, 'UNAUTHENTICATED'],
      [
        'a garbled signature',
        () => ({ body: valid(), signature: 'sha256=not-base64!' }),
        401,
        'UNAUTHENTICATED',
      ],
      [
        'a tenant without a signature key',
        () => ({
          tenant: 'globex',
          body: valid(),
          signature: sign(JSON.stringify(valid()), WEBHOOK_SECRETS.globex),
        }),
        401,
        'UNAUTHENTICATED',
      ],
      ['an unknown tenant', () => ({ tenant: 'initech', body: valid() }), 404, 'NOT_FOUND'],
      [
        'a body that is not JSON',
        () => ({ body: '{"message": ', signature: sign('{"message": ') }),
        400,
        'VALIDATION_FAILED',
      ],
      [
        'a body of the wrong shape',
        () => ({ body: { message: { events: 'all of them' } } }),
        400,
        'VALIDATION_FAILED',
      ],
      [
        'an event with a malformed object id',
        () => ({ body: notification([{ objectType: 'incidents', objectId: '../../etc' }]) }),
        400,
        'VALIDATION_FAILED',
      ],
      [
        'no Elements-Webhook-Id',
        () => ({ body: valid(), webhookId: null }),
        400,
        'VALIDATION_FAILED',
      ],
      [
        'a body over the limit',
        () => ({ body: { ...valid(), padding: 'x'.repeat(BODY_LIMIT) } }),
        413,
        'PAYLOAD_TOO_LARGE',
      ],
    ];

    it.each(cases)(
      'should refuse %s with a contract problem and change nothing',
      async (_case, post, status, code) => {
        await warmCache(gw, `/v1/incidents/${incidentId}`);
        const before = await streamLength(redis, 'acme');
        const response = await postWebhook(gw, post());
        const problem = await expectProblem(response, status, code, Object.values(WEBHOOK_SECRETS));
        expect(problem.instance).toMatch(/^\/webhooks\/cloud-elements\//);
        if (status === 401) {
          expect(response.headers.get('www-authenticate')).toContain('Elements-Webhook-Signature');
        }
        await sleep(150);
        await expectHit(gw, `/v1/incidents/${incidentId}`);
        expect(await streamLength(redis, 'acme')).toBe(before);
      },
    );

    it('should name what is wrong with a malformed body', async () => {
      const response = await postWebhook(gw, {
        body: { message: { events: [{ objectType: 'incidents' }, { objectId: incidentId }] } },
      });
      const problem = await expectProblem(response, 400, 'VALIDATION_FAILED');
      expect(problem.errors).toEqual([
        { field: 'message.events[1].objectType', message: expect.any(String) },
      ]);
    });

    it('should not take a caller API key in place of a signature', async () => {
      const response = await gw.call('/webhooks/cloud-elements/acme', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'elements-webhook-id': 'k1' },
        body: JSON.stringify(valid()),
      });
      await expectProblem(response, 401, 'UNAUTHENTICATED');
    });

    it.each<[string, string, string | undefined, number, string]>([
      ['malformed JSON', '{"message":', 'application/json', 400, 'VALIDATION_FAILED'],
      ['an empty body', '', 'application/json', 400, 'VALIDATION_FAILED'],
      ['another content type', 'objectType=incidents', 'text/plain', 415, 'UNSUPPORTED_MEDIA_TYPE'],
    ])(
      'should count a signed notification with %s as rejected, once',
      async (_case, body, contentType, status, code) => {
        const before = await rejected();
        const response = await postWebhook(gw, {
          body,
          headers: contentType ? { 'content-type': contentType } : {},
        });
        await expectProblem(response, status, code);
        expect(await rejected()).toBe(before + 1);
      },
    );

    it('should count refused notifications in the metrics', async () => {
      const metrics = await (await gw.call('/metrics', { key: null })).text();
      expect(metrics).toMatch(/^hgw_event_notifications_total\{outcome="rejected"\} [1-9]\d*$/m);
      expect(metrics).toMatch(/^hgw_event_notifications_total\{outcome="duplicate"\} [1-9]\d*$/m);
    });
  });
});
