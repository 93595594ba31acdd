import { ConfigValidationError } from './config-validation.error.js';
import type { Environment } from './load-config.js';
import { loadEventsConfig } from './load-events-config.js';

const TENANTS = new Set(['acme', 'globex']);

function problemsFor(env: Environment): string[] {
  try {
    loadEventsConfig(env, TENANTS);
  } catch (error) {
    if (error instanceof ConfigValidationError) {
      return error.problems;
    }
    throw error;
  }
  throw new Error('expected the configuration to be refused');
}

describe(loadEventsConfig.name, () => {
  it('should default to no webhook keys, no poller and bounded streams', () => {
    expect(loadEventsConfig({}, TENANTS)).toEqual({
      webhookSecrets: new Map(),
      replayTtlSeconds: 86400,
      webhookBodyLimitBytes: 1048576,
      streamMaxLength: 10000,
      sseHeartbeatMs: 15000,
      sseMaxBufferBytes: 262144,
      sseMaxClients: 1000,
      pollIntervalMs: 0,
    });
  });

  it('should read a signature key per tenant and the numeric variables', () => {
    const config = loadEventsConfig(
      {
        CE_WEBHOOK_SECRETS: JSON.stringify({ acme: 'a-long-enough-secret' }),
        EVENTS_SSE_HEARTBEAT_SECONDS: '5',
        EVENTS_POLL_INTERVAL_SECONDS: '60',
      },
      TENANTS,
    );
    expect(config.webhookSecrets).toEqual(new Map([['acme', 'a-long-enough-secret']]));
    expect(config.sseHeartbeatMs).toBe(5000);
    expect(config.pollIntervalMs).toBe(60000);
  });

  it.each<[string, Environment, RegExp]>([
    [
      'a key for an unknown tenant',
      { CE_WEBHOOK_SECRETS: '{"initech":"a-long-enough-secret"}' },
      /^CE_WEBHOOK_SECRETS\.initech: not a tenant/,
    ],
    [
      'a short key',
      { CE_WEBHOOK_SECRETS: '{"acme":"short"}' },
      /^CE_WEBHOOK_SECRETS\.acme: must be a string of at least 16/,
    ],
    [
      'a key that is no string',
      { CE_WEBHOOK_SECRETS: '{"acme":12345678901234567}' },
      /^CE_WEBHOOK_SECRETS\.acme: /,
    ],
    [
      'a list instead of an object',
      { CE_WEBHOOK_SECRETS: '["x"]' },
      /^CE_WEBHOOK_SECRETS: must be a JSON object/,
    ],
    ['broken JSON', { CE_WEBHOOK_SECRETS: '{' }, /^CE_WEBHOOK_SECRETS: is not valid JSON/],
    [
      'a negative poll interval',
      { EVENTS_POLL_INTERVAL_SECONDS: '-1' },
      /^EVENTS_POLL_INTERVAL_SECONDS: /,
    ],
    ['a zero heartbeat', { EVENTS_SSE_HEARTBEAT_SECONDS: '0' }, /^EVENTS_SSE_HEARTBEAT_SECONDS: /],
    ['a tiny stream', { EVENTS_STREAM_MAXLEN: '10' }, /^EVENTS_STREAM_MAXLEN: /],
    [
      'a replay window under a minute',
      { EVENTS_WEBHOOK_REPLAY_TTL_SECONDS: '5' },
      /^EVENTS_WEBHOOK_REPLAY_TTL_SECONDS: /,
    ],
  ])('should refuse %s, naming the variable', (_case, env, expected) => {
    expect(problemsFor(env)).toContainEqual(expect.stringMatching(expected));
  });

  it('should never echo a key in its messages', () => {
    expect(problemsFor({ CE_WEBHOOK_SECRETS: '{"acme":"sh0rt-k3y"}' }).join('\n')).not.toContain(
      'sh0rt-k3y',
    );
  });
});
