import type { AccountRecord, IncidentRecord, Sandbox } from '../../src/sandbox/sandbox.js';
import { body, hub, startTestSandbox } from './sandbox-test-client.js';

/** Ids of the first page (20) in the default order: creation time, then ObjectID. */
function firstPage(incidents: IncidentRecord[]): string[] {
  return [...incidents]
    .sort((a, b) => a.CreationDateTime - b.CreationDateTime || a.ObjectID.localeCompare(b.ObjectID))
    .slice(0, 20)
    .map((incident) => incident.id);
}

describe('sandbox CEQL filters', () => {
  let sandbox: Sandbox;

  beforeAll(async () => {
    sandbox = await startTestSandbox({
      instances: [{ id: '1001', counts: { incidents: 50 } }],
      maxPageSize: 20,
    });
  });

  afterAll(async () => {
    await sandbox.close();
  });

  it('should filter by id like churros itCeqlSearch', async () => {
    const [incident] = sandbox.store('1001').incidents.list();
    const where = encodeURIComponent(`id='${incident?.id}'`);
    const items = await body<IncidentRecord[]>(await hub(sandbox, `/incidents?where=${where}`));
    expect(items.map((i) => i.id)).toEqual([incident?.id]);
  });

  it('should filter on the nested Name.content and on codes', async () => {
    const store = sandbox.store('1001');
    const target = store.incidents.list().find((i) => i.Name !== null)!;
    const where = encodeURIComponent(
      `Name.content = '${target.Name?.content.replaceAll("'", "''")}'`,
    );
    const items = await body<IncidentRecord[]>(await hub(sandbox, `/incidents?where=${where}`));
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((i) => i.Name?.content === target.Name?.content)).toBe(true);
    const open = await body<IncidentRecord[]>(
      await hub(
        sandbox,
        `/incidents?where=${encodeURIComponent("ServiceRequestLifeCycleStatusCode IN ('1','2') AND ServicePriorityCode IS NOT NULL")}`,
      ),
    );
    const expected = store.incidents
      .list()
      .filter(
        (i) =>
          ['1', '2'].includes(i.ServiceRequestLifeCycleStatusCode ?? '') &&
          i.ServicePriorityCode !== null,
      );
    expect(open.map((i) => i.id)).toEqual(firstPage(expected));
  });

  it('should compare dates with ISO literals as the poller does', async () => {
    const all = sandbox.store('1001').incidents.list();
    const pivot = all[25]!.ChangedOn;
    const iso = new Date(pivot).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const items = await body<IncidentRecord[]>(
      await hub(sandbox, `/incidents?where=${encodeURIComponent(`ChangedOn>='${iso}'`)}`),
    );
    const cutoff = Date.parse(iso);
    expect(items.map((i) => i.id)).toEqual(firstPage(all.filter((i) => i.ChangedOn >= cutoff)));
  });

  it('should match LIKE case-insensitively and combine with paging', async () => {
    const items = await body<AccountRecord[]>(
      await hub(sandbox, `/accounts?where=${encodeURIComponent("AccountName LIKE '%GMBH'")}`),
    );
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((a) => a.AccountName.endsWith('GmbH'))).toBe(true);
  });

  it.each([
    ["Name.content = 'unterminated"],
    ["Nope = '1'"],
    ["ServicePriorityCode = '1' AND"],
    ['()'],
    ["ChangedOn >= 'yesterday'"],
  ])('should answer the where %j with 400 "Error parsing query"', async (where) => {
    const response = await hub(sandbox, `/incidents?where=${encodeURIComponent(where)}`);
    expect(response.status).toBe(400);
    expect(await body(response)).toMatchObject({
      requestId: response.headers.get('elements-request-id'),
      message: expect.stringMatching(/^Error parsing query: /),
    });
  });

  it('should answer an oversized where with 400 and keep serving', async () => {
    const where = `Name.content = '${'x'.repeat(9000)}'`;
    const response = await hub(sandbox, `/incidents?where=${encodeURIComponent(where)}`);
    expect(response.status).toBe(400);
    expect(await body(response)).toMatchObject({
      message: expect.stringContaining('longer than 8192'),
    });
    expect((await hub(sandbox, '/ping')).status).toBe(200);
  });

  it('should accept a where near the length limit even when percent-encoding triples it', async () => {
    const where = `Name.content = '${"''".repeat(4000)}'`;
    expect(where.length).toBeLessThanOrEqual(8192);
    const response = await hub(sandbox, `/incidents?where=${encodeURIComponent(where)}`);
    expect(response.status).toBe(200);
    expect(await body(response)).toEqual([]);
  });

  it('should answer a deeply nested where with 400 and keep serving', async () => {
    const where = `${'('.repeat(200)}ID = '1'${')'.repeat(200)}`;
    const response = await hub(sandbox, `/incidents?where=${encodeURIComponent(where)}`);
    expect(response.status).toBe(400);
    expect(await body(response)).toMatchObject({
      message: expect.stringContaining('nested deeper'),
    });
    expect((await hub(sandbox, '/ping')).status).toBe(200);
  });
});
