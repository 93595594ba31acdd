import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Sandbox } from '../../src/sandbox/sandbox.js';
import { adminUrl, body, hub, startTestSandbox } from './sandbox-test-client.js';

const KEY = 'sandbox-signature-key-1';

interface Received {
  headers: Record<string, string | string[] | undefined>;
  raw: string;
  body: { message: Record<string, any> };
}

/** A callback endpoint that records what it gets and answers with the queued statuses (then 200). */
class Receiver {
  readonly received: Received[] = [];
  readonly statuses: number[] = [];
  private server?: Server;

  async start(): Promise<string> {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        this.received.push({ headers: request.headers, raw, body: JSON.parse(raw) });
        response.writeHead(this.statuses.shift() ?? 200).end();
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server?.address() as AddressInfo).port}/hook`;
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server?.closeAllConnections();
      this.server?.close(() => resolve());
    });
  }

  get events(): Record<string, any>[] {
    return this.received.flatMap((r) => r.body.message.events ?? []);
  }
}

describe('sandbox event notifications', () => {
  let sandbox: Sandbox;
  let receiver: Receiver;
  let callbackUrl: string;

  beforeEach(async () => {
    receiver = new Receiver();
    callbackUrl = await receiver.start();
    sandbox = await startTestSandbox({
      instances: [
        {
          id: '1001',
          events: { callbackUrl: 'http://127.0.0.1:9/unused', signatureKey: KEY, batchMs: 5 },
        },
        { id: '1002' },
      ],
    });
    sandbox.notifications.configure('1001', {
      callbackUrl,
      signatureKey: KEY,
      batchMs: 5,
      retryDelaysMs: [10, 10],
    });
  });

  afterEach(async () => {
    await sandbox.close();
    await receiver.close();
  });

  it('should POST a signed notification when a record is changed directly in the store', async () => {
    const incident = sandbox.store('1001').incidents.list()[0]!;
    sandbox.store('1001').incidents.update(incident.ObjectID, { ServicePriorityCode: '1' });
    await sandbox.notifications.idle();
    expect(receiver.received).toHaveLength(1);
    const [delivery] = receiver.received;
    expect(delivery?.headers['content-type']).toBe('application/json');
    expect(delivery?.headers['elements-webhook-id']).toMatch(/^[0-9a-f-]{36}$/);
    const expected = createHmac('sha256', KEY).update(delivery!.raw).digest('base64');
    expect(delivery?.headers['elements-webhook-signature']).toBe(`sha256=${expected}`);
    const changed = sandbox.store('1001').incidents.get(incident.ObjectID)!;
    expect(delivery?.body.message).toEqual({
      eventId: expect.any(String),
      instanceId: 1001,
      elementKey: 'sapc4chd',
      events: [
        {
          objectType: 'incidents',
          objectId: incident.ObjectID,
          eventType: 'UPDATED',
          elementKey: 'sapc4chd',
          date: new Date(changed.ChangedOn).toISOString(),
        },
      ],
      raw: { objectType: 'incidents', incidents: [changed], instance_id: 1001 },
    });
  });

  it('should report creates, updates and deletes through the API as CREATED, UPDATED and DELETED', async () => {
    const created = await body<{ ObjectID: string }>(
      await hub(sandbox, '/contacts', {
        method: 'POST',
        json: { FirstName: 'Eve', LastName: 'Notified' },
      }),
    );
    await sandbox.notifications.idle();
    await hub(sandbox, `/contacts/${created.ObjectID}`, {
      method: 'PATCH',
      json: { LastName: 'Changed' },
    });
    await sandbox.notifications.idle();
    await hub(sandbox, `/contacts/${created.ObjectID}`, { method: 'DELETE' });
    await sandbox.notifications.idle();
    expect(receiver.events.map((e) => [e.objectType, e.objectId, e.eventType])).toEqual([
      ['contacts', created.ObjectID, 'CREATED'],
      ['contacts', created.ObjectID, 'UPDATED'],
      ['contacts', created.ObjectID, 'DELETED'],
    ]);
  });

  it('should report a comment written through the API as an update of its incident', async () => {
    const incident = sandbox.store('1001').incidents.list()[1]!;
    await hub(sandbox, `/incidents/${incident.ObjectID}/comments`, {
      method: 'POST',
      json: { Text: 'A reply', TypeCode: '10007' },
    });
    await sandbox.notifications.idle();
    expect(receiver.events).toEqual([
      expect.objectContaining({
        objectType: 'incidents',
        objectId: incident.ObjectID,
        eventType: 'UPDATED',
      }),
    ]);
  });

  it('should gather quick changes into notifications of one object type and at most 10 events', async () => {
    const store = sandbox.store('1001');
    const incidents = store.incidents.list().slice(0, 12);
    incidents.forEach((r) => store.incidents.update(r.ObjectID, { ServicePriorityCode: '7' }));
    store.incidents.update(incidents[0]!.ObjectID, { ServicePriorityCode: '1' });
    store.accounts.update(store.accounts.list()[0]!.ObjectID, { AccountName: 'Renamed' });
    await sandbox.notifications.idle();
    const sizes = receiver.received.map((r) => [
      r.body.message.events[0].objectType,
      r.body.message.events.length,
    ]);
    expect(sizes).toEqual([
      ['accounts', 1],
      ['incidents', 10],
      ['incidents', 2],
    ]);
    expect(new Set(receiver.received.map((r) => r.headers['elements-webhook-id'])).size).toBe(3);
  });

  it.each([
    ['normalized', ['events'] as const],
    ['raw', ['raw'] as const],
  ])('should send only the %s part when asked to', async (shape, parts) => {
    sandbox.notifications.configure('1001', {
      callbackUrl,
      shape: shape as 'raw' | 'normalized',
      batchMs: 5,
    });
    const account = sandbox.store('1001').accounts.list()[0]!;
    sandbox.store('1001').accounts.update(account.ObjectID, { AccountName: 'Shaped' });
    await sandbox.notifications.idle();
    const message = receiver.received[0]!.body.message;
    expect(['events', 'raw'].filter((k) => k in message)).toEqual(parts);
    expect(receiver.received[0]?.headers['elements-webhook-signature']).toBeUndefined();
  });

  it('should retry a failed delivery with the same id and body, and give up after the last retry', async () => {
    receiver.statuses.push(503, 500);
    const store = sandbox.store('1001');
    store.contacts.update(store.contacts.list()[0]!.ObjectID, { FirstName: 'Retried' });
    await sandbox.notifications.idle();
    expect(receiver.received).toHaveLength(3);
    expect(new Set(receiver.received.map((r) => r.headers['elements-webhook-id'])).size).toBe(1);
    expect(new Set(receiver.received.map((r) => r.raw)).size).toBe(1);
    expect(sandbox.notifications.deliveries('1001')).toEqual([
      expect.objectContaining({ attempts: 3, status: 200, delivered: true, events: 1 }),
    ]);
    receiver.statuses.push(503, 503, 503);
    store.contacts.update(store.contacts.list()[1]!.ObjectID, { FirstName: 'Lost' });
    await sandbox.notifications.idle();
    expect(sandbox.notifications.deliveries('1001')[1]).toEqual(
      expect.objectContaining({ attempts: 3, status: 503, delivered: false }),
    );
  });

  it('should not retry a refusal that cannot change', async () => {
    receiver.statuses.push(401);
    sandbox
      .store('1001')
      .accounts.update(sandbox.store('1001').accounts.list()[0]!.ObjectID, { AccountName: 'x' });
    await sandbox.notifications.idle();
    expect(receiver.received).toHaveLength(1);
    expect(sandbox.notifications.deliveries('1001')[0]).toMatchObject({
      attempts: 1,
      status: 401,
      delivered: false,
    });
  });

  it('should send nothing for instances without notifications, or once they are turned off', async () => {
    sandbox.store('1002').incidents.update(sandbox.store('1002').incidents.list()[0]!.ObjectID, {
      ServicePriorityCode: '1',
    });
    sandbox.notifications.configure('1001', undefined);
    sandbox.store('1001').incidents.update(sandbox.store('1001').incidents.list()[0]!.ObjectID, {
      ServicePriorityCode: '1',
    });
    await sandbox.notifications.idle();
    expect(receiver.received).toEqual([]);
  });

  it('should be configured through the admin API, which never shows the key', async () => {
    const url = adminUrl(sandbox, '/instances/1002/events');
    expect(await body(await fetch(url))).toEqual({ enabled: false, callbackUrl: null });
    const put = await fetch(url, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ callbackUrl, signatureKey: KEY, batchMs: 5 }),
    });
    expect(put.status).toBe(204);
    const shown = await (await fetch(url)).text();
    expect(JSON.parse(shown)).toEqual({ enabled: true, callbackUrl });
    expect(shown).not.toContain(KEY);
    sandbox.store('1002').accounts.update(sandbox.store('1002').accounts.list()[0]!.ObjectID, {
      AccountName: 'Admin',
    });
    await sandbox.notifications.idle();
    expect(receiver.events.map((e) => e.objectType)).toEqual(['accounts']);
    const deliveries = await body<unknown[]>(
      await fetch(adminUrl(sandbox, '/instances/1002/events/deliveries')),
    );
    expect(deliveries).toEqual([expect.objectContaining({ delivered: true })]);
    expect((await fetch(url, { method: 'DELETE' })).status).toBe(204);
    expect(await body(await fetch(url))).toEqual({ enabled: false, callbackUrl: null });
  });

  it.each([
    [{ callbackUrl: 'ftp://x' }, /callbackUrl/],
    [{ callbackUrl: 'http://x', shape: 'xml' }, /shape/],
    [{ callbackUrl: 'http://x', batchMs: -1 }, /batchMs/],
    [{ callbackUrl: 'http://x', colour: 'red' }, /unknown/],
  ])('should refuse bad settings %j with 400', async (settings, message) => {
    const response = await fetch(adminUrl(sandbox, '/instances/1001/events'), {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(settings),
    });
    expect(response.status).toBe(400);
    expect((await body<{ message: string }>(response)).message).toMatch(message);
  });

  it('should answer 404 for the events of an unknown instance', async () => {
    expect((await fetch(adminUrl(sandbox, '/instances/9999/events'))).status).toBe(404);
  });
});
