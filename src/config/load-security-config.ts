import { ConfigValidationError } from './config-validation.error.js';
import type { Environment } from './load-config.js';
import type { CorsConfig, JwtConfig, SecurityConfig } from './security-config.js';
import { OPTIONAL_SECURITY_VARIABLES, SecurityEnvironmentVariables } from './security.schema.js';
import { validateVariables } from './validate-variables.js';

/** Algorithms a JWKS may sign with. Symmetric ones never: a public key is no secret. */
export const ASYMMETRIC_ALGORITHMS = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
  'Ed25519',
];

export interface SecurityContext {
  production: boolean;
}

/** Validates the security variables and turns them into the typed `security` slice. */
export function loadSecurityConfig(
  environment: Environment,
  context: SecurityContext,
): SecurityConfig {
  const env = validate(environment);
  const problems: string[] = [];
  const jwt = jwtConfig(env, context, problems);
  const cors = corsConfig(env, problems);
  if (env.HTTP_HEADERS_TIMEOUT_MS > env.HTTP_REQUEST_TIMEOUT_MS) {
    problems.push('HTTP_HEADERS_TIMEOUT_MS: must not be longer than HTTP_REQUEST_TIMEOUT_MS');
  }
  if (problems.length > 0) {
    throw new ConfigValidationError(problems);
  }
  return {
    jwt,
    cors,
    rateLimit: {
      enabled: env.RATE_LIMIT_ENABLED,
      windowSeconds: env.RATE_LIMIT_WINDOW_SECONDS,
      perClient: env.RATE_LIMIT_PER_CLIENT,
      perTenant: env.RATE_LIMIT_PER_TENANT,
      cacheHitCost: env.RATE_LIMIT_CACHE_HIT_COST,
    },
    http: {
      headersTimeoutMs: env.HTTP_HEADERS_TIMEOUT_MS,
      requestTimeoutMs: env.HTTP_REQUEST_TIMEOUT_MS,
      connectionTimeoutMs: env.HTTP_CONNECTION_TIMEOUT_MS,
      keepAliveTimeoutMs: env.HTTP_KEEP_ALIVE_TIMEOUT_MS,
      maxHeaderBytes: env.HTTP_MAX_HEADER_BYTES,
    },
  };
}

function jwtConfig(
  env: SecurityEnvironmentVariables,
  context: SecurityContext,
  problems: string[],
): JwtConfig | undefined {
  const { JWT_JWKS_URL: jwksUrl, JWT_HS256_SECRET: secret } = env;
  if (!jwksUrl && !secret) {
    const stray = ['JWT_ISSUER', 'JWT_AUDIENCE', 'JWT_ALGORITHMS', 'JWT_INTERNAL_CLAIM'].filter(
      (name) => env[name as keyof SecurityEnvironmentVariables] !== undefined,
    );
    for (const name of stray) {
      problems.push(`${name}: has no effect without JWT_JWKS_URL or JWT_HS256_SECRET`);
    }
    return undefined;
  }
  const before = problems.length;
  if (jwksUrl && secret) {
    problems.push('JWT_HS256_SECRET: give JWT_JWKS_URL or JWT_HS256_SECRET, not both');
  }
  if (secret && context.production && !env.JWT_HS256_ALLOW_IN_PRODUCTION) {
    problems.push(
      'JWT_HS256_SECRET: refused when NODE_ENV=production (use JWT_JWKS_URL, or set JWT_HS256_ALLOW_IN_PRODUCTION=true)',
    );
  }
  if (jwksUrl && context.production && !jwksUrl.startsWith('https://')) {
    problems.push('JWT_JWKS_URL: must be https:// when NODE_ENV=production');
  }
  if (!env.JWT_ISSUER) {
    problems.push('JWT_ISSUER: required when JWT callers are enabled');
  }
  if (!env.JWT_AUDIENCE) {
    problems.push('JWT_AUDIENCE: required when JWT callers are enabled');
  }
  const allowed = jwksUrl ? ASYMMETRIC_ALGORITHMS : ['HS256'];
  const algorithms = env.JWT_ALGORITHMS ? splitList(env.JWT_ALGORITHMS) : allowed;
  const refused = algorithms.filter((a) => !allowed.includes(a));
  if (refused.length > 0) {
    problems.push(
      `JWT_ALGORITHMS: ${refused.join(', ')} not allowed with ${jwksUrl ? 'JWT_JWKS_URL' : 'JWT_HS256_SECRET'} (allowed: ${allowed.join(', ')})`,
    );
  }
  if (problems.length > before) {
    return undefined;
  }
  return {
    issuer: env.JWT_ISSUER as string,
    audiences: splitList(env.JWT_AUDIENCE as string),
    keys: jwksUrl
      ? {
          kind: 'jwks',
          url: new URL(jwksUrl),
          cooldownMs: env.JWT_JWKS_COOLDOWN_SECONDS * 1000,
          cacheMaxAgeMs: env.JWT_JWKS_CACHE_SECONDS * 1000,
          timeoutMs: env.JWT_JWKS_TIMEOUT_MS,
        }
      : { kind: 'secret', secret: new TextEncoder().encode(secret) },
    algorithms,
    tenantClaim: env.JWT_TENANT_CLAIM,
    scopeClaim: env.JWT_SCOPE_CLAIM,
    internalClaim: env.JWT_INTERNAL_CLAIM,
    clockSkewSeconds: env.JWT_CLOCK_SKEW_SECONDS,
  };
}

function corsConfig(env: SecurityEnvironmentVariables, problems: string[]): CorsConfig {
  const origins = env.CORS_ORIGINS ? splitList(env.CORS_ORIGINS) : [];
  for (const origin of origins) {
    const problem = originProblem(origin);
    if (problem) {
      problems.push(`CORS_ORIGINS: ${origin} ${problem}`);
    }
  }
  return {
    origins,
    allowCredentials: env.CORS_ALLOW_CREDENTIALS,
    maxAgeSeconds: env.CORS_MAX_AGE_SECONDS,
  };
}

/** Only exact origins: a wildcard would hand every site the caller's browser session. */
function originProblem(origin: string): string | undefined {
  if (origin.includes('*')) {
    return 'is a wildcard; list exact origins';
  }
  try {
    const url = new URL(origin);
    if (!['http:', 'https:'].includes(url.protocol) || url.origin !== origin) {
      return 'must be an exact origin: scheme://host[:port], no path or trailing slash';
    }
  } catch {
    return 'is not an origin (scheme://host[:port])';
  }
  return undefined;
}

function splitList(value: string): string[] {
  return value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
}

function validate(environment: Environment): SecurityEnvironmentVariables {
  return validateVariables(SecurityEnvironmentVariables, environment, OPTIONAL_SECURITY_VARIABLES);
}
