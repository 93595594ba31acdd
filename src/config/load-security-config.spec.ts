import { ConfigValidationError } from './config-validation.error.js';
import type { Environment } from './load-config.js';
import { loadSecurityConfig } from './load-security-config.js';

const SECRET = 's'.repeat(40);
const JWT: Environment = {
  JWT_JWKS_URL: 'https://idp.example.com/.well-known/jwks.json',
  JWT_ISSUER: 'https://idp.example.com/',
  JWT_AUDIENCE: 'helpdesk-gateway',
};

function problemsFor(env: Environment, production = false): string[] {
  try {
    loadSecurityConfig(env, { production });
  } catch (error) {
    if (error instanceof ConfigValidationError) {
      return error.problems;
    }
    throw error;
  }
  throw new Error('expected the configuration to be refused');
}

describe(loadSecurityConfig.name, () => {
  it('should default to no JWT callers, limits on, CORS off and bounded HTTP timeouts', () => {
    const config = loadSecurityConfig({}, { production: true });
    expect(config.jwt).toBeUndefined();
    expect(config.rateLimit).toEqual({
      enabled: true,
      windowSeconds: 60,
      perClient: 600,
      perTenant: 3000,
      cacheHitCost: 0.2,
    });
    expect(config.cors).toEqual({ origins: [], allowCredentials: false, maxAgeSeconds: 600 });
    expect(config.http).toEqual({
      headersTimeoutMs: 10000,
      requestTimeoutMs: 60000,
      connectionTimeoutMs: 60000,
      keepAliveTimeoutMs: 72000,
      maxHeaderBytes: 16384,
    });
  });

  it('should read a JWKS setup with asymmetric algorithms and the default claims', () => {
    const jwt = loadSecurityConfig(
      { ...JWT, JWT_AUDIENCE: 'a, b', JWT_CLOCK_SKEW_SECONDS: '5' },
      { production: true },
    ).jwt;
    expect(jwt).toMatchObject({
      issuer: 'https://idp.example.com/',
      audiences: ['a', 'b'],
      tenantClaim: 'tenants',
      scopeClaim: 'scope',
      internalClaim: undefined,
      clockSkewSeconds: 5,
      keys: { kind: 'jwks', cooldownMs: 30000, cacheMaxAgeMs: 600000, timeoutMs: 2000 },
    });
    expect(jwt?.algorithms).toEqual(expect.arrayContaining(['RS256', 'ES256', 'PS256']));
    expect(jwt?.algorithms.some((a) => a.startsWith('HS') || a === 'none')).toBe(false);
  });

  it('should allow only HS256 with a shared secret', () => {
    const jwt = loadSecurityConfig(
      { JWT_HS256_SECRET: SECRET, JWT_ISSUER: 'iss', JWT_AUDIENCE: 'aud' },
      { production: false },
    ).jwt;
    expect(jwt?.algorithms).toEqual(['HS256']);
    expect(jwt?.keys.kind).toBe('secret');
  });

  it.each<[string, Environment, RegExp]>([
    ['no issuer', { ...JWT, JWT_ISSUER: '' }, /^JWT_ISSUER: required/],
    ['no audience', { ...JWT, JWT_AUDIENCE: undefined }, /^JWT_AUDIENCE: required/],
    ['a malformed audience list', { ...JWT, JWT_AUDIENCE: 'a,,b' }, /^JWT_AUDIENCE: /],
    ['both key sources', { ...JWT, JWT_HS256_SECRET: SECRET }, /^JWT_HS256_SECRET: .*not both/],
    ['a short secret', { JWT_HS256_SECRET: 'short' }, /^JWT_HS256_SECRET: /],
    ['HS256 with a JWKS', { ...JWT, JWT_ALGORITHMS: 'RS256,HS256' }, /^JWT_ALGORITHMS: HS256 /],
    ['none with a JWKS', { ...JWT, JWT_ALGORITHMS: 'none' }, /^JWT_ALGORITHMS: none /],
    [
      'RS256 with a secret',
      { JWT_HS256_SECRET: SECRET, JWT_ISSUER: 'i', JWT_AUDIENCE: 'a', JWT_ALGORITHMS: 'RS256' },
      /^JWT_ALGORITHMS: RS256 /,
    ],
    ['a JWKS URL that is no URL', { ...JWT, JWT_JWKS_URL: 'idp/jwks' }, /^JWT_JWKS_URL: /],
    ['a bad claim name', { ...JWT, JWT_TENANT_CLAIM: 'has space' }, /^JWT_TENANT_CLAIM: /],
    ['JWT settings without a key source', { JWT_ISSUER: 'x' }, /^JWT_ISSUER: has no effect/],
    ['a skew over 5 minutes', { ...JWT, JWT_CLOCK_SKEW_SECONDS: '301' }, /^JWT_CLOCK_SKEW/],
    ['a zero client limit', { RATE_LIMIT_PER_CLIENT: '0' }, /^RATE_LIMIT_PER_CLIENT: /],
    ['a cache-hit cost over 1', { RATE_LIMIT_CACHE_HIT_COST: '1.5' }, /^RATE_LIMIT_CACHE_HIT/],
    ['a wildcard origin', { CORS_ORIGINS: '*' }, /^CORS_ORIGINS: \* is a wildcard/],
    ['a wildcard subdomain', { CORS_ORIGINS: 'https://*.example.com' }, /wildcard/],
    ['an origin with a path', { CORS_ORIGINS: 'https://app.example.com/' }, /exact origin/],
    ['an origin without scheme', { CORS_ORIGINS: 'app.example.com' }, /^CORS_ORIGINS: /],
    [
      'a headers timeout over the request timeout',
      { HTTP_HEADERS_TIMEOUT_MS: '5000', HTTP_REQUEST_TIMEOUT_MS: '1000' },
      /^HTTP_HEADERS_TIMEOUT_MS: /,
    ],
    ['a tiny header limit', { HTTP_MAX_HEADER_BYTES: '100' }, /^HTTP_MAX_HEADER_BYTES: /],
  ])('should refuse %s, naming the variable', (_case, env, expected) => {
    expect(problemsFor(env)).toContainEqual(expect.stringMatching(expected));
  });

  it('should refuse the HS256 secret in production unless explicitly allowed', () => {
    const env = { JWT_HS256_SECRET: SECRET, JWT_ISSUER: 'i', JWT_AUDIENCE: 'a' };
    expect(problemsFor(env, true)).toContainEqual(
      expect.stringMatching(/^JWT_HS256_SECRET: refused when NODE_ENV=production/),
    );
    const allowed = loadSecurityConfig(
      { ...env, JWT_HS256_ALLOW_IN_PRODUCTION: 'true' },
      { production: true },
    );
    expect(allowed.jwt?.keys.kind).toBe('secret');
  });

  it('should require an https JWKS URL in production', () => {
    expect(problemsFor({ ...JWT, JWT_JWKS_URL: 'http://idp.internal/jwks' }, true)).toContainEqual(
      expect.stringMatching(/^JWT_JWKS_URL: must be https/),
    );
  });

  it('should never echo the secret in its messages', () => {
    expect(problemsFor({ JWT_HS256_SECRET: 'sh0rt-s3cret' }).join('\n')).not.toContain(
      'sh0rt-s3cret',
    );
  });

  it('should keep exact origins as given', () => {
    expect(
      loadSecurityConfig(
        { CORS_ORIGINS: 'https://app.example.com, http://localhost:5173' },
        { production: false },
      ).cors.origins,
    ).toEqual(['https://app.example.com', 'http://localhost:5173']);
  });
});
