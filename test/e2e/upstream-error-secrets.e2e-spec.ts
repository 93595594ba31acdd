import { expectProblem } from '../support/problem-assertions.js';
import {
  ORG_SECRET,
  USER_SECRET,
  incidentIds,
  startTestGateway,
  type TestGateway,
} from '../support/test-gateway.js';

/** Retries and breaker out of the way: each call below meets exactly the injected fault. */
const ONE_ATTEMPT = {
  LOG_LEVEL: 'info',
  CACHE_ENABLED: 'false',
  UPSTREAM_MAX_RETRIES: '0',
  BREAKER_CONSECUTIVE_FAILURES: '1000',
  BREAKER_WINDOW_SIZE: '10000',
};

const KEPT_MESSAGE = 'Invalid credentials for instance 1001';
const KEPT_PROVIDER_MESSAGE = 'SAP C4C refused the call';

/**
 * An upstream error that echoes everything the gateway sent: the CE secrets and the element
 * token in the Authorization form, and bare (no auth scheme in front), in the body and in
 * Elements-Request-Id.
 */
const echoingError = (status: number, token: string) => ({
  status,
  body: {
    requestId: `body-id-${token}`,
    message: `${KEPT_MESSAGE}: User ${USER_SECRET}, Organization ${ORG_SECRET}, Element ${token}; token=${token}; org=${ORG_SECRET}`,
    providerMessage: `${KEPT_PROVIDER_MESSAGE} (user:${USER_SECRET}, token:${token})`,
  },
  headers: { 'Elements-Request-Id': `ce-id-${token}-${ORG_SECRET}` },
});

describe('Upstream error text echoing secrets', () => {
  let gw: TestGateway;
  let incidentId: string;
  const lines: string[] = [];

  beforeAll(async () => {
    gw = await startTestGateway({
      env: ONE_ATTEMPT,
      logs: { write: (line: string) => void lines.push(line) },
    });
    incidentId = incidentIds(gw.sandbox)[0] as string;
    // The tenant's element token is fetched at run time with GET /instances/1001.
    expect((await gw.call(`/v1/incidents/${incidentId}`)).status).toBe(200);
  });

  afterAll(async () => {
    await gw.close();
  });

  beforeEach(() => {
    lines.length = 0;
    gw.sandbox.faults.clear();
  });

  /** The body and every header of a response and the log lines so far, checked for each secret. */
  async function expectNoLeak(response: Response, secrets: string[]): Promise<void> {
    const seen = [
      await response.clone().text(),
      ...[...response.headers].map(([name, value]) => `${name}: ${value}`),
      ...lines,
    ];
    for (const secret of [ORG_SECRET, USER_SECRET, ...secrets]) {
      expect(seen.filter((text) => text.includes(secret))).toEqual([]);
    }
  }

  const exchangeLine = (route: string): string | undefined =>
    lines.find((line) => line.includes('"context":"UpstreamClient"') && line.includes(route));

  it.each([
    { upstream: 400, status: 422, code: 'UPSTREAM_REJECTED' },
    { upstream: 401, status: 502, code: 'UPSTREAM_AUTH_FAILED' },
    { upstream: 403, status: 502, code: 'UPSTREAM_ACCESS_DENIED' },
    { upstream: 404, status: 404, code: 'NOT_FOUND' },
    { upstream: 500, status: 502, code: 'UPSTREAM_ERROR' },
  ])(
    'should mask secrets and the fetched element token in a $upstream for an internal caller and in the log',
    async ({ upstream, status, code }) => {
      const token = gw.sandbox.tokenOf('1001');
      gw.sandbox.faults.add({
        method: 'GET',
        path: '/hubs/helpdesk/incidents',
        ...echoingError(upstream, token),
      });

      const response = await gw.call(`/v1/incidents/${incidentId}`);

      await expectNoLeak(response, [token]);

      const body = await expectProblem(response, status, code, [token]);
      expect(body.upstream).toEqual({
        status: upstream,
        requestId: 'ce-id-[redacted]-[redacted]',
        message: `${KEPT_MESSAGE}: User [redacted], Organization [redacted], Element [redacted]; token=[redacted]; org=[redacted]`,
        providerMessage: `${KEPT_PROVIDER_MESSAGE} (user:[redacted], token:[redacted])`,
      });
      expect(exchangeLine(`GET /incidents/{id} ${upstream} in`)).toContain(
        'Elements-Request-Id ce-id-[redacted]-[redacted]',
      );
    },
  );

  it('should bound a long Elements-Request-Id and message before echoing or logging them', async () => {
    const token = gw.sandbox.tokenOf('1001');
    gw.sandbox.faults.add({
      method: 'GET',
      path: '/hubs/helpdesk/incidents',
      status: 500,
      body: { message: `${'m'.repeat(5000)} ${token}` },
      headers: { 'Elements-Request-Id': `${'r'.repeat(125)}${token}` },
    });

    const response = await gw.call(`/v1/incidents/${incidentId}`);

    await expectNoLeak(response, [token]);
    const body = await expectProblem(response, 502, 'UPSTREAM_ERROR', [token]);
    expect(body.upstream.requestId).toHaveLength(128);
    expect(body.upstream.requestId).toMatch(/^r{125}\[r…$/);
    expect(body.upstream.message).toHaveLength(1000);
    expect(body.upstream.message).toMatch(/^m+…$/);
    const logged = exchangeLine('GET /incidents/{id} 500 in');
    expect(logged).toContain(`Elements-Request-Id ${body.upstream.requestId}`);
    expect(logged).not.toContain('r'.repeat(129));
  });

  it('should mask the old token and the secrets when the instance lookup fails after a rotation', async () => {
    const old = gw.sandbox.tokenOf('1001');
    const rotated = gw.sandbox.rotateToken('1001');
    const fault = echoingError(401, old);
    // The new token never reached the gateway: only its auth-scheme form can be recognised.
    fault.body.providerMessage += `; expected Element ${rotated}`;
    gw.sandbox.faults.add({ method: 'GET', path: '/instances/1001', ...fault });

    const response = await gw.call(`/v1/incidents/${incidentId}`);

    await expectNoLeak(response, [old, rotated]);
    const body = await expectProblem(response, 502, 'UPSTREAM_AUTH_FAILED', [old, rotated]);
    expect(body.upstream).toEqual(
      expect.objectContaining({
        status: 401,
        requestId: 'ce-id-[redacted]-[redacted]',
        message: expect.stringContaining(`${KEPT_MESSAGE}: User [redacted]`),
        providerMessage: `${KEPT_PROVIDER_MESSAGE} (user:[redacted], token:[redacted]); expected Element [redacted]`,
      }),
    );
    expect(exchangeLine('GET /instances/{id} 401 in')).toContain(
      'Elements-Request-Id ce-id-[redacted]-[redacted]',
    );
  });

  it('should mask a token learned after a rotation once the upstream echoes it', async () => {
    const rotated = gw.sandbox.rotateToken('1001');
    // The token the gateway holds is refused once (401), the new one is looked up, then the hub
    // fails echoing it.
    gw.sandbox.faults.add({
      method: 'GET',
      path: '/hubs/helpdesk/incidents',
      status: 401,
      times: 1,
    });
    gw.sandbox.faults.add({
      method: 'GET',
      path: '/hubs/helpdesk/incidents',
      ...echoingError(500, rotated),
    });

    const response = await gw.call(`/v1/incidents/${incidentId}`);

    await expectNoLeak(response, [rotated]);
    const body = await expectProblem(response, 502, 'UPSTREAM_ERROR', [rotated]);
    expect(body.upstream.message).toContain(`${KEPT_MESSAGE}: User [redacted]`);
    expect(body.upstream.message).toContain('token=[redacted]');
  });
});
