import { startTestGateway, type TestGateway } from '../support/test-gateway.js';

interface LogLine {
  level: number;
  context?: string;
  msg: string;
}

const INFO = 30;
const WARN = 40;

/**
 * Every upstream exchange is logged with the gateway's request id and Cloud Elements' own
 * Elements-Request-Id, so a caller's complaint can be followed to the vendor's logs.
 */
describe('Upstream exchange log', () => {
  let gw: TestGateway;
  const lines: string[] = [];

  beforeAll(async () => {
    gw = await startTestGateway({
      env: { LOG_LEVEL: 'info', CACHE_ENABLED: 'false', UPSTREAM_MAX_RETRIES: '0' },
      logs: { write: (line: string) => void lines.push(line) },
    });
  });

  afterAll(async () => {
    await gw.close();
  });

  beforeEach(() => {
    lines.length = 0;
    gw.sandbox.requests.clear();
    gw.sandbox.faults.clear();
  });

  const exchangeLines = (): LogLine[] =>
    lines
      .map((line) => JSON.parse(line) as LogLine)
      .filter((line) => line.context === 'UpstreamClient');

  it('should log a successful exchange at info with both request ids and the route template', async () => {
    const id = gw.sandbox.store('1001').incidents.list()[0]?.ObjectID ?? '';

    const response = await gw.call(`/v1/incidents/${id}`, {
      headers: { 'x-request-id': 'trace-me-0001' },
    });

    expect(response.status).toBe(200);
    const hub = gw.sandbox.requests
      .list()
      .find((r) => r.routeTemplate === '/hubs/helpdesk/incidents/{id}');
    expect(hub?.headers['x-request-id']).toBe('trace-me-0001');
    const logged = exchangeLines().find((l) => l.msg.startsWith('GET /incidents/{id} '));
    expect(logged).toEqual(
      expect.objectContaining({
        level: INFO,
        msg: expect.stringMatching(
          new RegExp(
            `^GET /incidents/\\{id\\} 200 in [0-9.]+ ms; request trace-me-0001, Elements-Request-Id ${hub?.elementsRequestId}$`,
          ),
        ),
      }),
    );
    expect(logged?.msg).not.toContain(id);
  });

  it('should log a failed exchange at warn with both request ids', async () => {
    gw.sandbox.faults.add({ method: 'GET', path: '/hubs/helpdesk/accounts', status: 500 });

    const response = await gw.call('/v1/accounts?limit=1', {
      headers: { 'x-request-id': 'trace-me-0002' },
    });

    expect(response.status).toBe(502);
    const hub = gw.sandbox.requests
      .list()
      .find((r) => r.routeTemplate === '/hubs/helpdesk/accounts');
    expect(hub?.elementsRequestId).toEqual(expect.any(String));
    expect(exchangeLines()).toContainEqual(
      expect.objectContaining({
        level: WARN,
        msg: expect.stringContaining(`GET /accounts 500 in`),
      }),
    );
    expect(
      exchangeLines().some((l) =>
        l.msg.endsWith(`request trace-me-0002, Elements-Request-Id ${hub?.elementsRequestId}`),
      ),
    ).toBe(true);
  });

  it('should keep filter values out of the log', async () => {
    const response = await gw.call('/v1/contacts?email=private.person%40example.com');

    expect(response.status).toBe(200);
    expect(exchangeLines().length).toBeGreaterThan(0);
    expect(lines.join('\n')).not.toContain('private.person');
  });
});
