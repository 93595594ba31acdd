import type { IncidentRecord } from '../../src/sandbox/sandbox.js';
import { json, startTestGateway, type TestGateway } from '../support/test-gateway.js';

const ACCOUNT_LOOKUPS = 'GET /hubs/helpdesk/accounts';
const CONTACT_LOOKUPS = 'GET /hubs/helpdesk/contacts';

/**
 * Incidents name their account and contacts by business key; the gateway answers with ids, looked
 * up once per key and remembered. A cold burst must not repeat a lookup another request has started.
 */
describe('Record links under a cold burst', () => {
  let gw: TestGateway;

  beforeEach(async () => {
    // Cache off: every request maps its own upstream answer, so only link lookups can be shared.
    gw = await startTestGateway({ env: { CACHE_ENABLED: 'false' } });
    gw.sandbox.setLatency(100);
  });

  afterEach(async () => {
    await gw.close();
  });

  const lookups = (route: string, instanceId: string): number =>
    gw.sandbox.requests
      .list()
      .filter((r) => `${r.method} ${r.routeTemplate}` === route && r.instanceId === instanceId)
      .length;

  /** The account key most incidents of an instance share, and those incidents. */
  const sharedAccount = (instanceId: string): { key: string; incidents: IncidentRecord[] } => {
    const byKey = new Map<string, IncidentRecord[]>();
    for (const record of gw.sandbox.store(instanceId).incidents.list()) {
      if (record.CustomerID) {
        byKey.set(record.CustomerID, [...(byKey.get(record.CustomerID) ?? []), record]);
      }
    }
    const [key, incidents] = [...byKey].sort((a, b) => b[1].length - a[1].length)[0] ?? [];
    return { key: key ?? '', incidents: incidents ?? [] };
  };

  it('should look each account and contact key up once for 40 concurrent GETs of one tenant', async () => {
    const { key, incidents } = sharedAccount('1001');
    expect(incidents.length).toBeGreaterThanOrEqual(4);
    const chosen = incidents.slice(0, 4);
    const accountId = gw.sandbox.store('1001').findAccountByNumber(key)?.ObjectID;
    const contactKeys = new Set(
      chosen.flatMap((r) => [r.ReportedForPartyID, r.ReporterPartyID]).filter(Boolean),
    );
    gw.sandbox.requests.clear();

    const responses = await Promise.all(
      Array.from({ length: 40 }, (_, i) => gw.call(`/v1/incidents/${chosen[i % 4]?.ObjectID}`)),
    );

    const bodies = await Promise.all(responses.map((r) => json(r)));
    expect(responses.map((r) => r.status)).toEqual(Array(40).fill(200));
    expect(new Set(bodies.map((b) => b.accountId))).toEqual(new Set([accountId]));
    expect(accountId).toEqual(expect.any(String));
    expect(lookups(ACCOUNT_LOOKUPS, '1001')).toBe(1);
    expect(lookups(CONTACT_LOOKUPS, '1001')).toBeGreaterThanOrEqual(1);
    expect(lookups(CONTACT_LOOKUPS, '1001')).toBeLessThanOrEqual(contactKeys.size);
  });

  it('should look a filtered account up once for 20 concurrent lists, and refuse an unknown one in each', async () => {
    const { key } = sharedAccount('1001');
    const account = gw.sandbox.store('1001').findAccountByNumber(key);
    gw.sandbox.requests.clear();

    const lists = await Promise.all(
      Array.from({ length: 20 }, () => gw.call(`/v1/incidents?accountId=${account?.ObjectID}`)),
    );
    const unknown = await Promise.all(
      Array.from({ length: 5 }, () => gw.call(`/v1/incidents?accountId=${'F'.repeat(32)}`)),
    );

    expect(lists.map((r) => r.status)).toEqual(Array(20).fill(200));
    const bodies = await Promise.all(lists.map((r) => json(r)));
    expect(bodies.every((b) => b.data.length > 0)).toBe(true);
    expect(bodies.flatMap((b) => b.data.map((i: { accountId: string }) => i.accountId))).toEqual(
      expect.arrayContaining([account?.ObjectID]),
    );
    // One lookup for the known account, one for the unknown id its five requests shared.
    expect(lookups('GET /hubs/helpdesk/accounts/{id}', '1001')).toBe(2);
    for (const response of unknown) {
      expect(response.status).toBe(400);
      expect((await json(response)).errors).toEqual([
        expect.objectContaining({ field: 'accountId' }),
      ]);
    }
  });

  it("should not let one tenant's lookup answer another's, even for the same business key", async () => {
    const acme = sharedAccount('1001');
    // Give an account and an incident of globex the same business key as acme's account.
    const globexStore = gw.sandbox.store('1002');
    const globexAccount = globexStore.accounts.list()[0];
    const globex = globexStore.incidents.list()[0];
    globexStore.accounts.update(globexAccount?.ObjectID ?? '', { AccountID: acme.key });
    globexStore.incidents.update(globex?.ObjectID ?? '', { CustomerID: acme.key });
    gw.sandbox.requests.clear();

    const [a, b] = await Promise.all([
      gw.call(`/v1/incidents/${acme.incidents[0]?.ObjectID}`, { tenant: 'acme' }),
      gw.call(`/v1/incidents/${globex?.ObjectID}`, { tenant: 'globex' }),
    ]);

    expect([a.status, b.status]).toEqual([200, 200]);
    expect((await json(a)).accountId).toBe(
      gw.sandbox.store('1001').findAccountByNumber(acme.key)?.ObjectID,
    );
    expect((await json(b)).accountId).toBe(globexAccount?.ObjectID);
    expect(globexAccount?.ObjectID).not.toBe(
      gw.sandbox.store('1001').findAccountByNumber(acme.key)?.ObjectID,
    );
    expect(lookups(ACCOUNT_LOOKUPS, '1001')).toBe(1);
    expect(lookups(ACCOUNT_LOOKUPS, '1002')).toBe(1);
  });

  it('should fail every request that joined a lookup when that lookup fails, and look up again after', async () => {
    const { incidents } = sharedAccount('1001');
    gw.sandbox.faults.add({ method: 'GET', path: '/hubs/helpdesk/accounts', status: 500 });
    gw.sandbox.requests.clear();

    const failed = await Promise.all(
      incidents.slice(0, 3).map((r) => gw.call(`/v1/incidents/${r.ObjectID}`)),
    );

    expect(failed.every((r) => r.status >= 500)).toBe(true);
    gw.sandbox.faults.clear();
    const later = await gw.call(`/v1/incidents/${incidents[0]?.ObjectID}`);
    expect(later.status).toBe(200);
    expect((await json(later)).accountId).toEqual(expect.any(String));
  });
});
