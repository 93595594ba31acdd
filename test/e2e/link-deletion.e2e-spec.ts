import { setTimeout as sleep } from 'node:timers/promises';
import { randomBytes } from 'node:crypto';
import { writeJson } from '../support/record-collections.js';
import { json, startTestGateway, type TestGateway } from '../support/test-gateway.js';

/*
 * Deleting an account or a contact changes how other records read: their links to it become
 * null. Cached incidents and contacts must not keep the deleted id, on the instance that deleted
 * it or on any other instance sharing the Redis.
 */
describe('Links to a deleted record', () => {
  let a: TestGateway;
  let b: TestGateway;

  beforeAll(async () => {
    const env = { REDIS_KEY_PREFIX: `t:${randomBytes(6).toString('hex')}:` };
    a = await startTestGateway({ env });
    b = await startTestGateway({ env, sharedSandbox: a.sandbox });
  });

  afterAll(async () => {
    await b.close();
    await a.close();
  });

  /** A new account, a contact of it and an incident linked to both, made through `a`. */
  async function linkedRecords(): Promise<{ account: string; contact: string; incident: string }> {
    const account = (await json(await writeJson(a, 'POST', '/v1/accounts', { name: 'Linked Ltd' })))
      .id as string;
    const contact = (
      await json(
        await writeJson(a, 'POST', '/v1/contacts', {
          firstName: 'Lin',
          lastName: 'Ked',
          accountId: account,
        }),
      )
    ).id as string;
    const incident = (
      await json(
        await writeJson(a, 'POST', '/v1/incidents', {
          subject: 'Linked incident',
          accountId: account,
          contactId: contact,
        }),
      )
    ).id as string;
    return { account, contact, incident };
  }

  const read = async (gw: TestGateway, path: string) => {
    const response = await gw.call(path);
    expect(response.status).toBe(200);
    return { cache: response.headers.get('cache-status'), body: await json(response) };
  };

  it('should answer a cached incident and incident list without the deleted contact and account', async () => {
    const { account, contact, incident } = await linkedRecords();
    const item = `/v1/incidents/${incident}`;
    const list = '/v1/incidents?limit=100&sort=-createdAt';
    await read(a, item);
    expect((await read(a, item)).cache).toMatch(/hit/);
    await read(a, list);
    expect((await read(a, list)).cache).toMatch(/hit/);

    expect(
      (await a.call(`/v1/contacts/${contact}`, { method: 'DELETE', key: 'writer' })).status,
    ).toBe(204);
    expect((await read(a, item)).body).toEqual(
      expect.objectContaining({ contactId: null, accountId: account }),
    );

    expect(
      (await a.call(`/v1/accounts/${account}`, { method: 'DELETE', key: 'writer' })).status,
    ).toBe(204);
    expect((await read(a, item)).body).toEqual(
      expect.objectContaining({ contactId: null, accountId: null }),
    );
    const listed = (await read(a, list)).body.data.find((i: { id: string }) => i.id === incident);
    expect(listed).toEqual(expect.objectContaining({ contactId: null, accountId: null }));
  });

  it('should answer the other instance without the deleted account once the invalidation from Redis reaches it', async () => {
    const { account, contact, incident } = await linkedRecords();
    const item = `/v1/incidents/${incident}`;
    const contactPath = `/v1/contacts/${contact}`;
    expect((await read(b, item)).body.accountId).toBe(account);
    expect((await read(b, contactPath)).body.accountId).toBe(account);

    expect(
      (await a.call(`/v1/accounts/${account}`, { method: 'DELETE', key: 'writer' })).status,
    ).toBe(204);

    let seen: Record<string, unknown> = {};
    for (let i = 0; i < 30 && seen.accountId !== null; i++) {
      seen = (await read(b, item)).body;
      if (seen.accountId !== null) {
        await sleep(100);
      }
    }
    expect(seen.accountId).toBeNull();
    expect((await read(b, contactPath)).body.accountId).toBeNull();
  });
});
