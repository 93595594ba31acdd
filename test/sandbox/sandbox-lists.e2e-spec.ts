import type { AccountRecord, IncidentRecord, Sandbox } from '../../src/sandbox/sandbox.js';
import { body, hub, startTestSandbox } from './sandbox-test-client.js';

function decodeToken(token: string | null): unknown {
  return JSON.parse(Buffer.from(token ?? '', 'base64').toString('utf8'));
}

describe('sandbox lists', () => {
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

  it('should walk every page with a next-page token on each page, the last one included', async () => {
    const seen: string[] = [];
    for (let page = 1; page <= 5; page++) {
      const response = await hub(sandbox, `/incidents?page=${page}&pageSize=12`);
      expect(response.status).toBe(200);
      const items = await body<IncidentRecord[]>(response);
      expect(response.headers.get('elements-returned-count')).toBe(String(items.length));
      expect(decodeToken(response.headers.get('elements-next-page-token'))).toEqual({
        limit: 12,
        pageSize: 12,
        page: page + 1,
      });
      seen.push(...items.map((item) => item.id));
    }
    expect(seen).toHaveLength(50);
    expect(new Set(seen).size).toBe(50);
  });

  it('should return an empty array past the end, still with a token', async () => {
    const response = await hub(sandbox, '/incidents?page=9&pageSize=12');
    expect(await body(response)).toEqual([]);
    expect(response.headers.get('elements-returned-count')).toBe('0');
    expect(response.headers.get('elements-next-page-token')).not.toBeNull();
  });

  it('should continue from a nextPage token like churros does', async () => {
    const first = await hub(sandbox, '/incidents?pageSize=7');
    const token = first.headers.get('elements-next-page-token') ?? '';
    const second = await hub(sandbox, `/incidents?nextPage=${encodeURIComponent(token)}`);
    const both = await body<IncidentRecord[]>(await hub(sandbox, '/incidents?pageSize=14'));
    const pages = [
      ...(await body<IncidentRecord[]>(first)),
      ...(await body<IncidentRecord[]>(second)),
    ];
    expect(pages.map((i) => i.id)).toEqual(both.map((i) => i.id));
    expect(decodeToken(second.headers.get('elements-next-page-token'))).toMatchObject({
      page: 3,
      pageSize: 7,
    });
  });

  it('should reject a garbage nextPage token with 400', async () => {
    const response = await hub(sandbox, '/incidents?nextPage=garbage');
    expect(response.status).toBe(400);
    expect(await body(response)).toMatchObject({ message: 'Invalid nextPage token' });
  });

  it('should default to the maximum page size and clamp a larger one with Elements-Error', async () => {
    const defaulted = await hub(sandbox, '/incidents');
    expect(await body<unknown[]>(defaulted)).toHaveLength(20);
    expect(defaulted.headers.get('elements-error')).toBeNull();
    const clamped = await hub(sandbox, '/incidents?pageSize=500');
    expect(await body<unknown[]>(clamped)).toHaveLength(20);
    expect(clamped.headers.get('elements-error')).toContain('500');
  });

  it('should order by creation time then ObjectID by default', async () => {
    const items = await body<IncidentRecord[]>(await hub(sandbox, '/incidents?pageSize=20'));
    const keys = items.map((item) => [item.CreationDateTime, item.ObjectID] as const);
    const sorted = [...keys].sort((a, b) => a[0] - b[0] || a[1].localeCompare(b[1]));
    expect(keys).toEqual(sorted);
  });

  it('should order by a field ascending and descending, with a tie-breaker list', async () => {
    const asc = await body<AccountRecord[]>(
      await hub(sandbox, '/accounts?orderBy=AccountName%20asc,ObjectID%20desc'),
    );
    const names = asc.map((a) => a.AccountName);
    expect(names).toEqual([...names].sort());
    const desc = await body<IncidentRecord[]>(
      await hub(sandbox, '/incidents?orderBy=ChangedOn desc'),
    );
    const changed = desc.map((i) => i.ChangedOn);
    expect(changed).toEqual([...changed].sort((a, b) => b - a));
  });

  it('should reject orderBy on an unknown field', async () => {
    const response = await hub(sandbox, '/incidents?orderBy=Nope%20asc');
    expect(response.status).toBe(400);
    expect(await body(response)).toMatchObject({
      message: "Invalid orderBy: unknown field 'Nope'",
    });
  });

  it('should serve the C4C code lists', async () => {
    const statuses = await body(await hub(sandbox, '/ServiceRequestLifeCycleStatusCodeCollection'));
    expect(statuses).toEqual([
      { Code: '1', Description: 'Open' },
      { Code: '2', Description: 'In Process' },
      { Code: '3', Description: 'Completed' },
      { Code: '4', Description: 'Closed' },
      { Code: 'Z1', Description: 'Waiting for SAP' },
    ]);
    const priorities = await body(
      await hub(sandbox, '/ServiceRequestServicePriorityCodeCollection'),
    );
    expect(priorities).toEqual([
      { Code: '1', Description: 'Immediate' },
      { Code: '2', Description: 'Urgent' },
      { Code: '3', Description: 'Normal' },
      { Code: '7', Description: 'Low' },
    ]);
  });

  it('should list incident statuses with CEQL and paging', async () => {
    const where = encodeURIComponent(
      "CreationDateTime >= '2016-04-28T03:49:32Z' AND ServiceRequestLifeCycleStatusCode = 'Z1'",
    );
    const response = await hub(sandbox, `/incidents-statuses?where=${where}&pageSize=5`);
    expect(response.status).toBe(200);
    const items = await body<Record<string, unknown>[]>(response);
    expect(items.length).toBeGreaterThan(0);
    expect(Object.keys(items[0] ?? {}).sort()).toEqual(
      [
        'ChangedOn',
        'CreationDateTime',
        'ID',
        'ObjectID',
        'ServiceRequestLifeCycleStatusCode',
        'ServiceRequestLifeCycleStatusCodeText',
        'id',
      ].sort(),
    );
    expect(
      items.every((item) => item.ServiceRequestLifeCycleStatusCodeText === 'Waiting for SAP'),
    ).toBe(true);
  });

  it('should answer ping with the date and endpoint', async () => {
    const response = await hub(sandbox, '/ping');
    const pong = await body<{ dateTime: string; endpoint: string }>(response);
    expect(pong.endpoint).toBe('sapc4chd');
    expect(Math.abs(Date.parse(pong.dateTime) - Date.now())).toBeLessThan(5000);
  });
});
