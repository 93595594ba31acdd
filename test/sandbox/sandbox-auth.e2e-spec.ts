import type { Sandbox } from '../../src/sandbox/sandbox.js';
import {
  ORG_SECRET,
  USER_SECRET,
  authHeader,
  body,
  hub,
  startTestSandbox,
} from './sandbox-test-client.js';

const INVALID = 'Invalid Organization or User secret, or invalid Element token provided.';

describe('sandbox authentication', () => {
  let sandbox: Sandbox;

  beforeAll(async () => {
    sandbox = await startTestSandbox();
  });

  afterAll(async () => {
    await sandbox.close();
  });

  it('should expose the CE base URL on a loopback port', () => {
    expect(sandbox.url).toBe(`http://127.0.0.1:${sandbox.port}/elements/api-v2`);
  });

  it('should answer a valid hub call with 200 and a 24-hex Elements-Request-Id', async () => {
    const response = await hub(sandbox, '/ping');
    expect(response.status).toBe(200);
    expect(response.headers.get('elements-request-id')).toMatch(/^[0-9a-f]{24}$/);
    expect(response.headers.get('elements-element-instance-id')).toBe('1001');
  });

  it('should give every response its own request id', async () => {
    const [a, b] = await Promise.all([
      hub(sandbox, '/ping'),
      hub(sandbox, '/ping', { auth: null }),
    ]);
    expect(a.headers.get('elements-request-id')).not.toBe(b.headers.get('elements-request-id'));
  });

  it.each([
    ['no Authorization header', () => null],
    [
      'a wrong user secret',
      () => `User nope, Organization ${ORG_SECRET}, Element ${sandbox.tokenOf('1001')}`,
    ],
    [
      'a wrong organization secret',
      () => `User ${USER_SECRET}, Organization nope, Element ${sandbox.tokenOf('1001')}`,
    ],
    [
      'an unknown element token',
      () => `User ${USER_SECRET}, Organization ${ORG_SECRET}, Element nope`,
    ],
    ['no element part', () => `User ${USER_SECRET}, Organization ${ORG_SECRET}`],
  ])('should answer %s with 401 and the CE error body', async (_case, auth) => {
    const response = await hub(sandbox, '/incidents', { auth: auth() });
    expect(response.status).toBe(401);
    const error = await body(response);
    expect(error).toEqual({
      requestId: response.headers.get('elements-request-id'),
      message: INVALID,
    });
  });

  it('should accept the parts in any order and with extra spaces', async () => {
    const auth = `  Element ${sandbox.tokenOf('1001')} ,Organization  ${ORG_SECRET},User ${USER_SECRET}`;
    expect((await hub(sandbox, '/ping', { auth })).status).toBe(200);
  });

  it('should pick the instance by token, whatever the hub path segment says', async () => {
    const first = await body<{ id: string }[]>(await hub(sandbox, '/incidents?pageSize=1'));
    const url = `${sandbox.url}/hubs/crm/incidents?pageSize=1`;
    const other = await fetch(url, { headers: { authorization: authHeader(sandbox, '1002') } });
    const second = await body<{ id: string }[]>(other);
    expect(other.headers.get('elements-element-instance-id')).toBe('1002');
    expect(second[0]?.id).not.toBe(first[0]?.id);
  });

  it('should reject the old token after a rotation and accept the new one', async () => {
    const oldAuth = authHeader(sandbox, '1002');
    const token = sandbox.rotateToken('1002');
    expect(token).toBe(sandbox.tokenOf('1002'));
    expect((await hub(sandbox, '/ping', { auth: oldAuth })).status).toBe(401);
    expect((await hub(sandbox, '/ping', { instanceId: '1002' })).status).toBe(200);
  });

  it('should answer 403 for a disabled instance until it is enabled again', async () => {
    sandbox.setDisabled('1002', true);
    const response = await hub(sandbox, '/incidents', { instanceId: '1002' });
    expect(response.status).toBe(403);
    expect(await body(response)).toMatchObject({ message: expect.stringContaining('disabled') });
    sandbox.setDisabled('1002', false);
    expect((await hub(sandbox, '/incidents', { instanceId: '1002' })).status).toBe(200);
  });

  describe('GET /instances/{id}', () => {
    const platformAuth = `User ${USER_SECRET}, Organization ${ORG_SECRET}`;

    it('should return the instance with its token and masked secrets', async () => {
      const response = await fetch(`${sandbox.url}/instances/1001`, {
        headers: { authorization: platformAuth },
      });
      expect(response.status).toBe(200);
      const instance = await body(response);
      expect(instance).toMatchObject({
        id: 1001,
        token: sandbox.tokenOf('1001'),
        element: {
          key: 'sapc4chd',
          hub: 'helpdesk',
          authentication: { type: 'basic' },
          protocolType: 'odata',
        },
        elementId: 5354,
        valid: true,
        disabled: false,
        configuration: { password: '********' },
      });
      expect(JSON.stringify(instance)).not.toContain(USER_SECRET);
    });

    it('should ignore an Element part and report a disabled instance without 403', async () => {
      sandbox.setDisabled('1001', true);
      const auth = `${platformAuth}, Element whatever`;
      const response = await fetch(`${sandbox.url}/instances/1001`, {
        headers: { authorization: auth },
      });
      sandbox.setDisabled('1001', false);
      expect(response.status).toBe(200);
      expect(await body(response)).toMatchObject({ disabled: true });
    });

    it('should answer 401 without the secrets and 404 for an unknown id', async () => {
      const unauthorized = await fetch(`${sandbox.url}/instances/1001`, {
        headers: { authorization: 'User x, Organization y' },
      });
      expect(unauthorized.status).toBe(401);
      const missing = await fetch(`${sandbox.url}/instances/999`, {
        headers: { authorization: platformAuth },
      });
      expect(missing.status).toBe(404);
      expect(await body(missing)).toEqual({
        requestId: missing.headers.get('elements-request-id'),
        message: 'No instance found with ID 999',
      });
    });
  });
});
