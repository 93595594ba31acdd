import { createHmac } from 'node:crypto';
import { devClient, parseClients } from './clients.config.js';
import { ConfigValidationError } from './config-validation.error.js';
import { EnvironmentVariables } from './environment.schema.js';
import type { GatewayConfig } from './gateway-config.js';
import { loadEventsConfig } from './load-events-config.js';
import { loadSecurityConfig } from './load-security-config.js';
import { parseTenants } from './tenants.config.js';
import { validateVariables } from './validate-variables.js';

export type Environment = Record<string, string | undefined>;

/** Time after REQUEST_DEADLINE_MS to send the answer (a 504 at worst) before the socket may go. */
const DEADLINE_ANSWER_MARGIN_MS = 1000;

/**
 * Validates the environment once and turns it into the typed configuration. Throws a
 * ConfigValidationError listing every bad variable by name; nothing else reads the environment.
 */
export function loadConfig(environment: Environment): GatewayConfig {
  const env = validateEnvironment(environment);
  const production = env.NODE_ENV === 'production';
  const problems: string[] = [];
  if (!env.CE_BASE_URL) {
    problems.push(
      production
        ? 'CE_BASE_URL: required when NODE_ENV=production (the built-in sandbox is for development only)'
        : 'CE_BASE_URL: not set (start through main.ts to get the built-in sandbox)',
    );
  }
  if (!env.CE_ORG_SECRET) {
    problems.push('CE_ORG_SECRET: required');
  }
  if (!env.CE_USER_SECRET) {
    problems.push('CE_USER_SECRET: required');
  }
  if (!env.CE_TENANTS) {
    problems.push('CE_TENANTS: required');
  }
  if (!env.GATEWAY_CLIENTS && production) {
    problems.push('GATEWAY_CLIENTS: required when NODE_ENV=production');
  }
  if (env.REDIS_SENTINELS && env.REDIS_CLUSTER_NODES) {
    problems.push('REDIS_CLUSTER_NODES: cannot be combined with REDIS_SENTINELS');
  }
  if (env.REQUEST_DEADLINE_MS < env.UPSTREAM_ATTEMPT_TIMEOUT_MS) {
    problems.push('REQUEST_DEADLINE_MS: must not be shorter than UPSTREAM_ATTEMPT_TIMEOUT_MS');
  }
  const largestAttachment = attachmentRecordBytes(env.ATTACHMENT_MAX_BYTES);
  if (env.UPSTREAM_MAX_RESPONSE_BYTES < largestAttachment) {
    problems.push(
      `UPSTREAM_MAX_RESPONSE_BYTES: must hold an attachment of ATTACHMENT_MAX_BYTES as the upstream sends it (base64 in JSON): at least ${largestAttachment}`,
    );
  }
  if (problems.length > 0) {
    throw new ConfigValidationError(problems);
  }
  const tenants = parseTenants(env.CE_TENANTS as string);
  const firstTenant = [...tenants.keys()][0] as string;
  const clients = env.GATEWAY_CLIENTS
    ? parseClients(env.GATEWAY_CLIENTS, new Set(tenants.keys()))
    : [devClient(firstTenant)];
  const security = loadSecurityConfig(environment, { production });
  if (security.http.connectionTimeoutMs < env.REQUEST_DEADLINE_MS + DEADLINE_ANSWER_MARGIN_MS) {
    // Fastify's connectionTimeout closes a socket idle that long, and a socket waiting for an
    // answer is idle. (HTTP_REQUEST_TIMEOUT_MS only bounds receiving the request, not answering.)
    throw new ConfigValidationError([
      `HTTP_CONNECTION_TIMEOUT_MS: must be at least REQUEST_DEADLINE_MS + ${DEADLINE_ANSWER_MARGIN_MS} ms, or the answer of a request that runs to its deadline is lost with its idle connection`,
    ]);
  }
  if (clients.length === 0 && !security.jwt) {
    throw new ConfigValidationError([
      'GATEWAY_CLIENTS: lists no caller and no JWT callers are set up (JWT_JWKS_URL): nothing could call the gateway',
    ]);
  }
  const orgSecret = env.CE_ORG_SECRET as string;
  const userSecret = env.CE_USER_SECRET as string;
  return {
    app: {
      env: env.NODE_ENV,
      port: env.PORT,
      host: env.HOST,
      logLevel: env.LOG_LEVEL,
      bodyLimitBytes: env.BODY_LIMIT_BYTES,
      attachmentMaxBytes: env.ATTACHMENT_MAX_BYTES,
      // Instances sharing the CE secrets derive the same key, so cursors survive a hop between them.
      cursorSecret: env.CURSOR_SECRET
        ? Buffer.from(env.CURSOR_SECRET, 'utf8')
        : createHmac('sha256', `${orgSecret}\0${userSecret}`).update('cursor-v1').digest(),
      shutdownDelayMs: env.SHUTDOWN_DELAY_MS,
      shutdownDrainMs: env.SHUTDOWN_DRAIN_MS,
    },
    redis: {
      url: env.REDIS_URL,
      sentinels: hostPorts(env.REDIS_SENTINELS),
      clusterNodes: hostPorts(env.REDIS_CLUSTER_NODES),
      sentinelName: env.REDIS_SENTINEL_NAME,
      required: env.REDIS_REQUIRED,
      keyPrefix: env.REDIS_KEY_PREFIX,
      commandTimeoutMs: env.REDIS_COMMAND_TIMEOUT_MS,
    },
    upstream: {
      baseUrl: (env.CE_BASE_URL as string).replace(/\/+$/, ''),
      orgSecret,
      userSecret,
      attemptTimeoutMs: env.UPSTREAM_ATTEMPT_TIMEOUT_MS,
      requestDeadlineMs: env.REQUEST_DEADLINE_MS,
      connections: env.UPSTREAM_CONNECTIONS,
      maxResponseBytes: env.UPSTREAM_MAX_RESPONSE_BYTES,
    },
    tenants,
    auth: { clients, devClient: !env.GATEWAY_CLIENTS },
    security,
    events: loadEventsConfig(environment, new Set(tenants.keys())),
    resilience: {
      maxRetries: env.UPSTREAM_MAX_RETRIES,
      retryBaseMs: env.UPSTREAM_RETRY_BASE_MS,
      retryMaxMs: env.UPSTREAM_RETRY_MAX_MS,
      retryAfterMaxSeconds: env.UPSTREAM_RETRY_AFTER_MAX_SECONDS,
      retryBudgetRatio: env.UPSTREAM_RETRY_BUDGET_RATIO,
      breakerConsecutiveFailures: env.BREAKER_CONSECUTIVE_FAILURES,
      breakerFailureRatio: env.BREAKER_FAILURE_RATIO,
      breakerWindowSize: env.BREAKER_WINDOW_SIZE,
      breakerHalfOpenAfterMs: env.BREAKER_HALF_OPEN_AFTER_MS,
      tenantConcurrency: env.UPSTREAM_TENANT_CONCURRENCY,
      tenantQueue: env.UPSTREAM_TENANT_QUEUE,
      rateLimitPauseSeconds: env.UPSTREAM_429_PAUSE_SECONDS,
    },
    cache: {
      enabled: env.CACHE_ENABLED,
      ttlSeconds: {
        incidents: env.CACHE_TTL_INCIDENTS,
        comments: env.CACHE_TTL_COMMENTS,
        attachments: env.CACHE_TTL_ATTACHMENTS,
        contacts: env.CACHE_TTL_CONTACTS,
        accounts: env.CACHE_TTL_ACCOUNTS,
        lookups: env.CACHE_TTL_LOOKUPS,
      },
      staleSeconds: env.CACHE_STALE_SECONDS,
      notFoundSeconds: env.CACHE_NOT_FOUND_SECONDS,
      lockWaitMs: env.CACHE_LOCK_WAIT_MS,
      localMaxBytes: env.CACHE_LOCAL_MAX_MB * 1024 * 1024,
    },
  };
}

/** Optional variables have no default, so they are not own properties of a fresh instance. */
const OPTIONAL_NAMES = [
  'CE_BASE_URL',
  'CE_ORG_SECRET',
  'CE_USER_SECRET',
  'CE_TENANTS',
  'GATEWAY_CLIENTS',
  'CURSOR_SECRET',
  'REDIS_SENTINELS',
  'REDIS_CLUSTER_NODES',
];

function hostPorts(list: string | undefined): { host: string; port: number }[] | undefined {
  return list?.split(',').map((entry) => {
    const [host = '', port = ''] = entry.split(':');
    return { host, port: Number(port) };
  });
}

function validateEnvironment(environment: Environment): EnvironmentVariables {
  return validateVariables(EnvironmentVariables, environment, OPTIONAL_NAMES);
}

/** An attachment's record as Cloud Elements returns it: the file in base64, and its fields. */
function attachmentRecordBytes(attachmentBytes: number): number {
  return Math.ceil(attachmentBytes / 3) * 4 + 4096;
}
