import { setTimeout as sleep } from 'node:timers/promises';
import { writeJson } from '../support/record-collections.js';
import { json, startTestGateway, type TestGateway } from '../support/test-gateway.js';

const ACCOUNT_BY_KEY = 'GET /hubs/helpdesk/accounts';
const ACCOUNT_BY_ID = 'GET /hubs/helpdesk/accounts/{id}';
const UNKNOWN_ID = 'F'.repeat(32);

/**
 * A link the upstream says leads nowhere (an incident naming a deleted account, a filter by an
 * unknown id) is remembered for CACHE_NOT_FOUND_SECONDS, so repeating it does not ask upstream
 * again; a record created through the gateway is linkable at once.
 */
describe('Record links that lead nowhere', () => {
  let gw: TestGateway;

  beforeEach(async () => {
    // Cache off: every request maps its own upstream answer, so only link lookups are remembered.
    gw = await startTestGateway({ env: { CACHE_ENABLED: 'false', CACHE_NOT_FOUND_SECONDS: '1' } });
  });

  afterEach(async () => {
    await gw.close();
  });

  const lookups = (route: string, instanceId = '1001'): number =>
    gw.sandbox.requests
      .list()
      .filter((r) => `${r.method} ${r.routeTemplate}` === route && r.instanceId === instanceId)
      .length;

  /** An incident of acme whose account key names no account. */
  const orphanIncident = (key: string): string => {
    const incident = gw.sandbox.store('1001').incidents.list()[0];
    gw.sandbox.store('1001').incidents.update(incident?.ObjectID ?? '', { CustomerID: key });
    return incident?.ObjectID ?? '';
  };

  it('should ask upstream once for an unknown accountId filter, then again once the not-found time is over', async () => {
    gw.sandbox.requests.clear();

    const first = await Promise.all(
      [1, 2, 3].map(() => gw.call(`/v1/incidents?accountId=${UNKNOWN_ID}`)),
    );
    const again = await gw.call(`/v1/incidents?accountId=${UNKNOWN_ID}`);
    expect(lookups(ACCOUNT_BY_ID)).toBe(1);
    await sleep(1_100);
    const later = await gw.call(`/v1/incidents?accountId=${UNKNOWN_ID}`);

    for (const response of [...first, again, later]) {
      expect(response.status).toBe(400);
      expect((await json(response)).errors).toEqual([
        expect.objectContaining({ field: 'accountId' }),
      ]);
    }
    expect(lookups(ACCOUNT_BY_ID)).toBe(2);
  });

  it('should look an account key that matches nothing up once for repeated reads of its incident', async () => {
    const id = orphanIncident('NO-SUCH-ACCOUNT');
    gw.sandbox.requests.clear();

    const reads = [];
    for (let i = 0; i < 3; i++) {
      reads.push(await gw.call(`/v1/incidents/${id}`));
    }

    expect(reads.map((r) => r.status)).toEqual([200, 200, 200]);
    for (const response of reads) {
      expect((await json(response)).accountId).toBeNull();
    }
    expect(lookups(ACCOUNT_BY_KEY)).toBe(1);
  });

  it('should link to an account created through the gateway at once, even right after its key matched nothing', async () => {
    const key = gw.sandbox.store('1001').nextAccountNumber();
    const id = orphanIncident(key);
    expect((await json(await gw.call(`/v1/incidents/${id}`))).accountId).toBeNull();

    const created = await writeJson(gw, 'POST', '/v1/accounts', { name: 'Created Later' });
    expect(created.status).toBe(201);
    const account = await json(created);
    expect(gw.sandbox.store('1001').accounts.get(account.id)?.AccountID).toBe(key);
    gw.sandbox.requests.clear();
    const read = await gw.call(`/v1/incidents/${id}`);

    expect(read.status).toBe(200);
    expect((await json(read)).accountId).toBe(account.id);
    expect(lookups(ACCOUNT_BY_KEY)).toBe(0);
  });

  it('should refuse a link to an account deleted through the gateway without asking upstream', async () => {
    const created = await json(
      await writeJson(gw, 'POST', '/v1/accounts', { name: 'Short Lived' }),
    );
    const deleted = await gw.call(`/v1/accounts/${created.id}`, {
      key: 'writer',
      method: 'DELETE',
    });
    expect(deleted.status).toBe(204);
    gw.sandbox.requests.clear();

    const filtered = await gw.call(`/v1/incidents?accountId=${created.id}`);

    expect(filtered.status).toBe(400);
    expect((await json(filtered)).errors).toEqual([
      expect.objectContaining({ field: 'accountId' }),
    ]);
    expect(lookups(ACCOUNT_BY_ID)).toBe(0);
  });

  it("should not let one tenant's unknown key hide another tenant's account with that key", async () => {
    const globexAccount = gw.sandbox.store('1002').accounts.list()[0];
    const key = 'ONLY-IN-GLOBEX';
    gw.sandbox.store('1002').accounts.update(globexAccount?.ObjectID ?? '', { AccountID: key });
    const globexIncident = gw.sandbox.store('1002').incidents.list()[0];
    gw.sandbox.store('1002').incidents.update(globexIncident?.ObjectID ?? '', { CustomerID: key });
    const acmeIncident = orphanIncident(key);

    const acme = await gw.call(`/v1/incidents/${acmeIncident}`, { tenant: 'acme' });
    const globex = await gw.call(`/v1/incidents/${globexIncident?.ObjectID}`, { tenant: 'globex' });

    expect((await json(acme)).accountId).toBeNull();
    expect((await json(globex)).accountId).toBe(globexAccount?.ObjectID);
  });
});
