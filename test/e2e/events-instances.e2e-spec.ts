import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Sandbox } from '../../src/sandbox/sandbox.js';
import {
  connectSandbox,
  eventually,
  eventsEnv,
  expectFresh,
  inspectRedis,
  sleep,
  startOneNodeCluster,
  streamLength,
  warmCache,
} from '../support/event-helpers.js';
import { openSse, type SseClient } from '../support/sse-client.js';
import { json, KEYS, startTestGateway, type TestGateway } from '../support/test-gateway.js';

function sharedPrefix(): string {
  return `t:${randomBytes(6).toString('hex')}:`;
}

async function openEvents(gw: TestGateway, tenant = 'acme'): Promise<SseClient> {
  const sse = await openSse(`${gw.url}/v1/events`, {
    'x-api-key': KEYS.internal,
    'x-tenant-id': tenant,
  });
  await eventually(() => expect(sse.comments).toContain('connected'));
  return sse;
}

describe('Events across gateway instances', () => {
  let first: TestGateway;
  let second: TestGateway;
  let sandbox: Sandbox;
  const clients: SseClient[] = [];

  beforeAll(async () => {
    first = await startTestGateway({ env: eventsEnv({ REDIS_KEY_PREFIX: sharedPrefix() }) });
    sandbox = first.sandbox;
    second = await startTestGateway({
      sharedSandbox: sandbox,
      env: eventsEnv({ REDIS_KEY_PREFIX: first.config.redis.keyPrefix }),
    });
    // Cloud Elements calls one instance (behind a load balancer it could be any).
    connectSandbox(first);
  });

  afterEach(() => {
    clients.splice(0).forEach((client) => client.close());
  });

  afterAll(async () => {
    await second.close();
    await first.close();
  });

  it('should make the other instance fresh and deliver to the clients of both when one receives the webhook', async () => {
    const id = sandbox.store('1001').incidents.list()[0]!.ObjectID;
    await warmCache(second, `/v1/incidents/${id}`);
    const onFirst = await openEvents(first);
    const onSecond = await openEvents(second);
    clients.push(onFirst, onSecond);
    sandbox
      .store('1001')
      .incidents.update(id, { Name: { content: 'Seen by both', languageCode: 'EN' } });
    const [a, b] = await Promise.all([onFirst.nextEvent(id), onSecond.nextEvent(id)]);
    expect(a).toEqual(b);
    const fresh = await expectFresh(second, `/v1/incidents/${id}`);
    expect((await json(fresh)).subject).toBe('Seen by both');
    expect(sandbox.notifications.deliveries('1001').every((d) => d.delivered)).toBe(true);
  });

  it('should deliver each event once to each client, however many clients an instance has', async () => {
    const id = sandbox.store('1001').contacts.list()[0]!.ObjectID;
    const streams = await Promise.all([openEvents(first), openEvents(first), openEvents(second)]);
    clients.push(...streams);
    sandbox.store('1001').contacts.update(id, { FirstName: 'Fan-out' });
    await Promise.all(streams.map((s) => s.nextEvent(id)));
    await sleep(200);
    expect(streams.map((s) => s.events.length)).toEqual([1, 1, 1]);
  });
});

async function pollRounds(gw: TestGateway): Promise<{ ok: number; skipped: number }> {
  const text = await (await gw.call('/metrics', { key: null })).text();
  const count = (result: string): number =>
    Number(
      new RegExp(
        `^hgw_event_polls_total\\{tenant="globex",result="${result}"\\} (\\d+)$`,
        'm',
      ).exec(text)?.[1] ?? 0,
    );
  return { ok: count('ok'), skipped: count('skipped') };
}

describe('Fallback poller', () => {
  let first: TestGateway;
  let second: TestGateway;
  let redis: Redis;

  beforeAll(async () => {
    // globex has no webhook key, so it is polled; acme takes webhooks and is not.
    const env = eventsEnv({ REDIS_KEY_PREFIX: sharedPrefix(), EVENTS_POLL_INTERVAL_SECONDS: '1' });
    first = await startTestGateway({ env });
    second = await startTestGateway({ sharedSandbox: first.sandbox, env });
    redis = await inspectRedis(first);
  });

  afterAll(async () => {
    redis.disconnect();
    await second.close();
    await first.close();
  });

  it('should poll a tenant without webhooks, from one instance at a time, and deliver each change once', async () => {
    const store = first.sandbox.store('1002');
    const id = store.contacts.list()[1]!.ObjectID;
    await warmCache(second, `/v1/contacts/${id}`, 'globex');
    // Let a first round set the watermarks.
    await eventually(
      async () => expect(await redis.exists('ev:{globex}:poll:contacts')).toBe(1),
      5000,
    );
    const onFirst = await openEvents(first, 'globex');
    const onSecond = await openEvents(second, 'globex');
    try {
      const before = await streamLength(redis, 'globex');
      store.contacts.update(id, { FirstName: 'Polled' });
      const [a] = await Promise.all([onFirst.nextEvent(id, 6000), onSecond.nextEvent(id, 6000)]);
      expect(a.event).toMatchObject({ tenant: 'globex', resource: 'contacts', type: 'updated' });
      const fresh = await expectFresh(second, `/v1/contacts/${id}`, 'globex');
      expect((await json(fresh)).firstName).toBe('Polled');
      // Two more rounds of both instances: still exactly one event for the one change.
      await sleep(2500);
      expect(await streamLength(redis, 'globex')).toBe(before + 1);
      expect(onFirst.events.length).toBe(1);
      expect(await streamLength(redis, 'acme')).toBe(0);
      expect(await redis.get('ev:{globex}:poll:lock')).toBeTruthy();
      // The lock holder polls every round; the other instance skips every round.
      const rounds = await Promise.all([first, second].map((gw) => pollRounds(gw)));
      expect(rounds.map((r) => (r.ok > 0 ? 'polls' : 'skips')).sort()).toEqual(['polls', 'skips']);
      expect(rounds.find((r) => r.ok > 0)?.skipped).toBe(0);
      expect(rounds.find((r) => r.ok === 0)?.skipped).toBeGreaterThan(1);
    } finally {
      onFirst.close();
      onSecond.close();
    }
  });

  it('should poll through the CEQL builder with a ChangedOn watermark', () => {
    const polls = first.sandbox.requests
      .list()
      .filter(
        (r) =>
          r.method === 'GET' &&
          r.routeTemplate === '/hubs/helpdesk/contacts' &&
          r.instanceId === '1002',
      );
    expect(polls.length).toBeGreaterThan(0);
    expect(polls.at(-1)?.where).toMatch(/^ChangedOn >= '\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z'$/);
    expect(polls.at(-1)?.query.orderBy).toBe('ChangedOn asc');
    expect(
      first.sandbox.requests
        .list()
        .some((r) => r.instanceId === '1001' && r.where?.startsWith('ChangedOn')),
    ).toBe(false);
  });
});

describe('Events through a Redis Cluster client', () => {
  it('should publish, read blocking and resume through the cluster', async () => {
    const cluster = await startOneNodeCluster();
    const gw = await startTestGateway({
      env: eventsEnv({ REDIS_URL: 'redis://127.0.0.1:1', REDIS_CLUSTER_NODES: cluster.nodes }),
    });
    const streams: SseClient[] = [];
    try {
      connectSandbox(gw);
      const store = gw.sandbox.store('1001');
      const [a, b] = store.incidents.list().map((r) => r.ObjectID);
      await warmCache(gw, `/v1/incidents/${a}`);
      const live = await openEvents(gw);
      streams.push(live);
      store.incidents.update(a!, { ServicePriorityCode: '1' });
      const first = await live.nextEvent(a!);
      await expectFresh(gw, `/v1/incidents/${a}`);
      store.incidents.update(b!, { ServicePriorityCode: '1' });
      await live.nextEvent(b!);
      const resumed = await openSse(`${gw.url}/v1/events`, {
        'x-api-key': KEYS.reader,
        'last-event-id': first.id!,
      });
      streams.push(resumed);
      await resumed.nextEvent(b!);
      expect(resumed.events.map((e) => e.objectId)).toEqual([b]);
      // The blocking reads run on a cluster connection without the short command timeout: an
      // idle second with two streams open adds no failed Redis command.
      const errors = async (): Promise<string | undefined> =>
        /^hgw_redis_errors_total (\d+)$/m.exec(
          await (await gw.call('/metrics', { key: null })).text(),
        )?.[1];
      const before = await errors();
      await sleep(1000);
      expect(await errors()).toBe(before);
    } finally {
      streams.forEach((s) => s.close());
      await gw.close();
      cluster.child.kill('SIGKILL');
    }
  });
});
