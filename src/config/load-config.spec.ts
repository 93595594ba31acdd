import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigValidationError } from './config-validation.error.js';
import { DEV_CLIENT_KEY, sha256 } from './clients.config.js';
import { loadConfig, type Environment } from './load-config.js';

const VALID: Environment = {
  NODE_ENV: 'test',
  CE_BASE_URL: 'https://api.cloud-elements.com/elements/api-v2',
  CE_ORG_SECRET: 'org-secret-123',
  CE_USER_SECRET: 'user-secret-123',
  CE_TENANTS: '{"acme":{"instanceId":"101"},"globex":{"elementToken":"tok-globex-1"}}',
};

function problemsFor(env: Environment): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigValidationError) {
      return error.problems;
    }
    throw error;
  }
  throw new Error('expected the configuration to be refused');
}

describe(loadConfig.name, () => {
  it('should read a valid environment into typed slices with defaults', () => {
    const config = loadConfig(VALID);
    expect(config.app).toMatchObject({
      port: 3000,
      host: '0.0.0.0',
      env: 'test',
      attachmentMaxBytes: 10485760,
    });
    expect(config.redis).toMatchObject({
      url: 'redis://127.0.0.1:6379',
      required: false,
      commandTimeoutMs: 100,
    });
    expect(config.upstream.baseUrl).toBe('https://api.cloud-elements.com/elements/api-v2');
    expect(config.tenants.get('acme')).toEqual({ id: 'acme', instanceId: '101' });
    expect(config.tenants.get('globex')).toEqual({ id: 'globex', elementToken: 'tok-globex-1' });
  });

  it('should convert numbers and booleans from their string forms', () => {
    const config = loadConfig({
      ...VALID,
      PORT: '8080',
      REDIS_REQUIRED: 'true',
      UPSTREAM_ATTEMPT_TIMEOUT_MS: '900',
    });
    expect(config.app.port).toBe(8080);
    expect(config.redis.required).toBe(true);
    expect(config.upstream.attemptTimeoutMs).toBe(900);
  });

  it('should create the dev client when GATEWAY_CLIENTS is unset outside production', () => {
    const config = loadConfig(VALID);
    expect(config.auth.devClient).toBe(true);
    expect(config.auth.clients).toEqual([
      expect.objectContaining({
        id: 'dev',
        tenants: ['acme'],
        internal: true,
        keyDigests: [sha256(DEV_CLIENT_KEY)],
      }),
    ]);
  });

  it.each<[string, string, RegExp]>([
    ['NODE_ENV', 'staging', /^NODE_ENV: /],
    ['PORT', 'eighty', /^PORT: /],
    ['PORT', '70000', /^PORT: /],
    ['PORT', '-1', /^PORT: /],
    ['HOST', '', /^HOST: /],
    ['LOG_LEVEL', 'loud', /^LOG_LEVEL: /],
    ['REDIS_URL', 'http://localhost:6379', /^REDIS_URL: must be a redis:\/\/ or rediss:\/\/ URL/],
    ['REDIS_URL', 'localhost', /^REDIS_URL: /],
    ['REDIS_URL', 'redis://127.0.0.1:99999', /^REDIS_URL: /],
    ['REDIS_URL', 'redis://127.0.0.1:6379/abc', /^REDIS_URL: /],
    ['REDIS_URL', 'redis://:6379', /^REDIS_URL: /],
    ['REDIS_URL', 'redis://127.0.0.1:6379/0?db=1', /^REDIS_URL: /],
    ['REDIS_REQUIRED', 'maybe', /^REDIS_REQUIRED: /],
    ['REDIS_KEY_PREFIX', 'has space', /^REDIS_KEY_PREFIX: /],
    ['REDIS_COMMAND_TIMEOUT_MS', '0', /^REDIS_COMMAND_TIMEOUT_MS: /],
    ['CE_BASE_URL', 'not a url', /^CE_BASE_URL: /],
    ['CE_BASE_URL', 'ftp://example.com/api', /^CE_BASE_URL: /],
    ['CE_ORG_SECRET', 'short', /^CE_ORG_SECRET: /],
    ['CE_USER_SECRET', 'short', /^CE_USER_SECRET: /],
    ['UPSTREAM_ATTEMPT_TIMEOUT_MS', '10', /^UPSTREAM_ATTEMPT_TIMEOUT_MS: /],
    ['REQUEST_DEADLINE_MS', 'soon', /^REQUEST_DEADLINE_MS: /],
    ['UPSTREAM_CONNECTIONS', '0', /^UPSTREAM_CONNECTIONS: /],
    ['BODY_LIMIT_BYTES', '12', /^BODY_LIMIT_BYTES: /],
    ['ATTACHMENT_MAX_BYTES', '1.5', /^ATTACHMENT_MAX_BYTES: /],
    ['CURSOR_SECRET', 'too-short', /^CURSOR_SECRET: /],
  ])('should refuse %s=%j naming the variable', (name, value, expected) => {
    const problems = problemsFor({ ...VALID, [name]: value });
    expect(problems).toEqual(expect.arrayContaining([expect.stringMatching(expected)]));
  });

  it('should accept Redis URLs with credentials, TLS and a database number', () => {
    for (const url of [
      'redis://127.0.0.1:6379',
      'redis://redis',
      'rediss://user:p%40ss@redis.example.com:6380/2',
      'redis://:secret@[::1]:6379/',
    ]) {
      expect(loadConfig({ ...VALID, REDIS_URL: url }).redis.url).toBe(url);
    }
  });

  it("should never echo a URL's credentials in its messages", () => {
    const problems = problemsFor({
      ...VALID,
      REDIS_URL: 'http://admin:hunter2pass@127.0.0.1:6379',
    });
    expect(problems).toEqual([expect.stringMatching(/^REDIS_URL: .*\[redacted\]@127\.0\.0\.1/)]);
    expect(problems.join('\n')).not.toContain('hunter2pass');
    expect(problems.join('\n')).not.toContain('admin');
  });

  it('should never echo secret values in its messages', () => {
    const problems = problemsFor({ ...VALID, CE_ORG_SECRET: 'sh0rt' });
    expect(problems.join('\n')).not.toContain('sh0rt');
  });

  it('should read Sentinel and Cluster nodes, and refuse both at once or malformed lists', () => {
    expect(
      loadConfig({ ...VALID, REDIS_CLUSTER_NODES: 'n1:7000,n2:7001' }).redis.clusterNodes,
    ).toEqual([
      { host: 'n1', port: 7000 },
      { host: 'n2', port: 7001 },
    ]);
    expect(problemsFor({ ...VALID, REDIS_CLUSTER_NODES: 'n1' })).toContainEqual(
      expect.stringMatching(/^REDIS_CLUSTER_NODES: /),
    );
    expect(problemsFor({ ...VALID, REDIS_SENTINELS: 's1:26379,bad' })).toContainEqual(
      expect.stringMatching(/^REDIS_SENTINELS: /),
    );
    expect(
      problemsFor({ ...VALID, REDIS_SENTINELS: 's1:26379', REDIS_CLUSTER_NODES: 'n1:7000' }),
    ).toContainEqual(expect.stringMatching(/^REDIS_CLUSTER_NODES: cannot be combined/));
  });

  it('should require CE_BASE_URL in production with a clear message', () => {
    const { CE_BASE_URL: _omitted, ...rest } = VALID;
    const problems = problemsFor({ ...rest, NODE_ENV: 'production', GATEWAY_CLIENTS: '[]' });
    expect(problems).toContainEqual(
      expect.stringMatching(/^CE_BASE_URL: required when NODE_ENV=production/),
    );
  });

  it('should give one message for a value of the wrong type, not the ranges it cannot meet', () => {
    expect(problemsFor({ ...VALID, PORT: 'abc' })).toEqual([
      expect.stringMatching(/^PORT: must be an integer number \(got "abc"\)$/),
    ]);
  });

  it('should refuse an empty GATEWAY_CLIENTS unless JWT callers are set up', () => {
    expect(problemsFor({ ...VALID, GATEWAY_CLIENTS: '[]' })).toEqual([
      expect.stringMatching(/^GATEWAY_CLIENTS: lists no caller and no JWT callers/),
    ]);
    const jwtOnly = loadConfig({
      ...VALID,
      GATEWAY_CLIENTS: '[]',
      JWT_HS256_SECRET: 'a-jwt-secret-of-at-least-32-characters!',
      JWT_ISSUER: 'https://issuer.example',
      JWT_AUDIENCE: 'helpdesk-gateway',
    });
    expect(jwtOnly.auth.clients).toEqual([]);
  });

  it('should require GATEWAY_CLIENTS in production', () => {
    expect(problemsFor({ ...VALID, NODE_ENV: 'production' })).toContainEqual(
      expect.stringMatching(/^GATEWAY_CLIENTS: required/),
    );
  });

  it('should require the secrets and tenants', () => {
    const problems = problemsFor({ NODE_ENV: 'test', CE_BASE_URL: VALID.CE_BASE_URL });
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^CE_ORG_SECRET: required/),
        expect.stringMatching(/^CE_USER_SECRET: required/),
        expect.stringMatching(/^CE_TENANTS: required/),
      ]),
    );
  });

  it('should refuse a deadline that an idle connection would not outlive, naming both variables', () => {
    const refused = problemsFor({
      ...VALID,
      UPSTREAM_ATTEMPT_TIMEOUT_MS: '60000',
      REQUEST_DEADLINE_MS: '120000',
    });
    expect(refused).toEqual([
      expect.stringMatching(/^HTTP_CONNECTION_TIMEOUT_MS: .*REQUEST_DEADLINE_MS/),
    ]);
    expect(
      problemsFor({ ...VALID, REQUEST_DEADLINE_MS: '60000', HTTP_CONNECTION_TIMEOUT_MS: '60500' }),
    ).toEqual([expect.stringMatching(/^HTTP_CONNECTION_TIMEOUT_MS: /)]);
    const fitting = loadConfig({
      ...VALID,
      REQUEST_DEADLINE_MS: '120000',
      HTTP_CONNECTION_TIMEOUT_MS: '121000',
    });
    expect(fitting.upstream.requestDeadlineMs).toBe(120000);
  });

  it('should refuse a deadline shorter than one attempt', () => {
    expect(
      problemsFor({ ...VALID, UPSTREAM_ATTEMPT_TIMEOUT_MS: '3000', REQUEST_DEADLINE_MS: '1000' }),
    ).toContainEqual(expect.stringMatching(/^REQUEST_DEADLINE_MS: /));
  });

  it('should bound upstream answers at 64 MiB unless told, and never below an attachment as sent', () => {
    expect(loadConfig(VALID).upstream.maxResponseBytes).toBe(64 * 1024 * 1024);
    // 3 KiB in base64 is 4 KiB, with 4 KiB for the record's other fields.
    const small = { ...VALID, ATTACHMENT_MAX_BYTES: '3072' };
    expect(
      loadConfig({ ...small, UPSTREAM_MAX_RESPONSE_BYTES: '8192' }).upstream.maxResponseBytes,
    ).toBe(8192);
    expect(problemsFor({ ...small, UPSTREAM_MAX_RESPONSE_BYTES: '8191' })).toEqual([
      expect.stringMatching(/^UPSTREAM_MAX_RESPONSE_BYTES: .*at least 8192$/),
    ]);
    expect(problemsFor({ ...VALID, UPSTREAM_MAX_RESPONSE_BYTES: '1000' })).toEqual([
      expect.stringMatching(/^UPSTREAM_MAX_RESPONSE_BYTES: /),
    ]);
  });

  describe('CE_TENANTS', () => {
    it.each<[string, RegExp]>([
      ['not json', /^CE_TENANTS: is not valid JSON/],
      ['[]', /^CE_TENANTS: must be a JSON object/],
      ['{}', /^CE_TENANTS: must name at least one tenant/],
      ['{"bad id!":{"instanceId":"1"}}', /^CE_TENANTS\.bad id!: tenant id/],
      ['{"acme":"101"}', /^CE_TENANTS\.acme: must be an object/],
      ['{"acme":{}}', /^CE_TENANTS\.acme: needs exactly one of instanceId or elementToken/],
      [
        '{"acme":{"instanceId":"1","elementToken":"tok-12345"}}',
        /^CE_TENANTS\.acme: needs exactly one/,
      ],
      ['{"acme":{"instanceId":"../x"}}', /^CE_TENANTS\.acme\.instanceId: /],
      ['{"acme":{"elementToken":"short"}}', /^CE_TENANTS\.acme\.elementToken: /],
      ['{"acme":{"instanceId":"1","extra":true}}', /^CE_TENANTS\.acme: unknown setting\(s\) extra/],
    ])('should refuse %s', (value, expected) => {
      expect(problemsFor({ ...VALID, CE_TENANTS: value })).toContainEqual(
        expect.stringMatching(expected),
      );
    });

    it('should read @file values', () => {
      const dir = mkdtempSync(join(tmpdir(), 'hgw-config-'));
      const file = join(dir, 'tenants.json');
      writeFileSync(file, '{"initech":{"instanceId":"7"}}');
      expect([...loadConfig({ ...VALID, CE_TENANTS: `@${file}` }).tenants.keys()]).toEqual([
        'initech',
      ]);
    });

    it('should name a missing @file', () => {
      expect(problemsFor({ ...VALID, CE_TENANTS: '@/nonexistent/tenants.json' })).toContainEqual(
        expect.stringMatching(
          /^CE_TENANTS: cannot read file \/nonexistent\/tenants.json \(ENOENT\)/,
        ),
      );
    });
  });

  describe('GATEWAY_CLIENTS', () => {
    const client = {
      id: 'svc-billing',
      apiKey: 'k'.repeat(24),
      tenants: ['acme'],
      scopes: ['helpdesk:read'],
    };
    const withClients = (value: unknown): Environment => ({
      ...VALID,
      GATEWAY_CLIENTS: JSON.stringify(value),
    });

    it('should keep only key digests and accept hashed keys and rotation lists', () => {
      const hashed = sha256('another-key-value-123').toString('hex');
      const [parsed] = loadConfig(
        withClients([
          {
            ...client,
            apiKey: ['k'.repeat(24), 'n'.repeat(24)],
            apiKeySha256: hashed,
            internal: true,
          },
        ]),
      ).auth.clients;
      expect(parsed?.keyDigests.map((d) => d.toString('hex'))).toEqual([
        sha256('k'.repeat(24)).toString('hex'),
        sha256('n'.repeat(24)).toString('hex'),
        hashed,
      ]);
      expect(parsed?.internal).toBe(true);
      expect(JSON.stringify(parsed)).not.toContain('k'.repeat(24));
    });

    it.each<[string, unknown, RegExp]>([
      ['not an array', { id: 'x' }, /^GATEWAY_CLIENTS: must be a JSON array/],
      ['a bad id', [{ ...client, id: '' }], /^GATEWAY_CLIENTS\[0\]\.id: /],
      ['a short key', [{ ...client, apiKey: 'short' }], /^GATEWAY_CLIENTS\[0\]\.apiKey: /],
      [
        'a bad digest',
        [{ ...client, apiKey: undefined, apiKeySha256: 'xyz' }],
        /^GATEWAY_CLIENTS\[0\]\.apiKeySha256: /,
      ],
      [
        'no key',
        [{ ...client, apiKey: undefined }],
        /^GATEWAY_CLIENTS\[0\]: needs apiKey or apiKeySha256/,
      ],
      [
        'an unknown tenant',
        [{ ...client, tenants: ['nope'] }],
        /^GATEWAY_CLIENTS\[0\]\.tenants: not in CE_TENANTS: nope/,
      ],
      ['no tenants', [{ ...client, tenants: [] }], /^GATEWAY_CLIENTS\[0\]\.tenants: /],
      ['a bad scope', [{ ...client, scopes: ['admin'] }], /^GATEWAY_CLIENTS\[0\]\.scopes: /],
      [
        'a bad internal flag',
        [{ ...client, internal: 'yes' }],
        /^GATEWAY_CLIENTS\[0\]\.internal: /,
      ],
      [
        'an unknown setting',
        [{ ...client, role: 'admin' }],
        /^GATEWAY_CLIENTS\[0\]: unknown setting\(s\) role/,
      ],
      [
        'a duplicate id',
        [client, { ...client, apiKey: 'z'.repeat(24) }],
        /client id svc-billing is listed twice/,
      ],
      [
        'a shared key',
        [client, { ...client, id: 'other' }],
        /the same API key is given to more than one client/,
      ],
    ])('should refuse %s', (_label, value, expected) => {
      expect(problemsFor(withClients(value))).toContainEqual(expect.stringMatching(expected));
    });
  });
});
