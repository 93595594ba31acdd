import { ConfigValidationError } from './config-validation.error.js';
import type { EventsConfig } from './events-config.js';
import { EventsEnvironmentVariables, OPTIONAL_EVENTS_VARIABLES } from './events.schema.js';
import { parseJsonVariable } from './json-variable.js';
import type { Environment } from './load-config.js';
import { validateVariables } from './validate-variables.js';

const MIN_SECRET_LENGTH = 16;

/** Validates the event variables and turns them into the typed `events` slice. */
export function loadEventsConfig(
  environment: Environment,
  tenants: ReadonlySet<string>,
): EventsConfig {
  const env = validate(environment);
  return {
    webhookSecrets: env.CE_WEBHOOK_SECRETS
      ? parseWebhookSecrets(env.CE_WEBHOOK_SECRETS, tenants)
      : new Map<string, string>(),
    replayTtlSeconds: env.EVENTS_WEBHOOK_REPLAY_TTL_SECONDS,
    webhookBodyLimitBytes: env.EVENTS_WEBHOOK_BODY_LIMIT_BYTES,
    streamMaxLength: env.EVENTS_STREAM_MAXLEN,
    sseHeartbeatMs: env.EVENTS_SSE_HEARTBEAT_SECONDS * 1000,
    sseMaxBufferBytes: env.EVENTS_SSE_MAX_BUFFER_BYTES,
    sseMaxClients: env.EVENTS_SSE_MAX_CLIENTS,
    pollIntervalMs: env.EVENTS_POLL_INTERVAL_SECONDS * 1000,
  };
}

/** `CE_WEBHOOK_SECRETS`: `{ "<tenant>": "<signature key>" }`, every tenant one of CE_TENANTS. */
export function parseWebhookSecrets(
  value: string,
  tenants: ReadonlySet<string>,
): Map<string, string> {
  const parsed = parseJsonVariable('CE_WEBHOOK_SECRETS', value);
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ConfigValidationError([
      'CE_WEBHOOK_SECRETS: must be a JSON object of tenant id → signature key',
    ]);
  }
  const problems: string[] = [];
  const secrets = new Map<string, string>();
  for (const [tenant, secret] of Object.entries(parsed)) {
    const where = `CE_WEBHOOK_SECRETS.${tenant}`;
    if (!tenants.has(tenant)) {
      problems.push(`${where}: not a tenant of CE_TENANTS`);
    } else if (typeof secret !== 'string' || secret.trim().length < MIN_SECRET_LENGTH) {
      problems.push(`${where}: must be a string of at least ${MIN_SECRET_LENGTH} characters`);
    } else {
      secrets.set(tenant, secret);
    }
  }
  if (problems.length > 0) {
    throw new ConfigValidationError(problems);
  }
  return secrets;
}

function validate(environment: Environment): EventsEnvironmentVariables {
  return validateVariables(EventsEnvironmentVariables, environment, OPTIONAL_EVENTS_VARIABLES);
}
