import type { GatewayConfig } from '../config/gateway-config.js';

const REDACTED = '[redacted]';
/** A JWS/JWT anywhere in a line (`eyJ` is the base64url of `{"`); the signature may be empty. */
const JWT = /eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g;
/** Credentials after an auth scheme, as in `Authorization` values (CE: `User …, Organization …, Element …`). */
const SCHEME_CREDENTIAL = /\b(Bearer|Basic|Element|User|Organization) +[A-Za-z0-9\-._~+/]{12,}=*/g;

/** The secret values the configuration holds in clear: they must never reach a log line. */
export function knownSecrets(config: GatewayConfig): string[] {
  const staticTokens = [...config.tenants.values()].flatMap((t) =>
    t.elementToken ? [t.elementToken] : [],
  );
  const jwtKeys = config.security.jwt?.keys;
  const jwtSecret =
    jwtKeys?.kind === 'secret' ? [new TextDecoder().decode(jwtKeys.secret)] : ([] as string[]);
  return [config.upstream.orgSecret, config.upstream.userSecret, ...staticTokens, ...jwtSecret];
}

/**
 * Rewrites a serialized log line so that no secret survives, whatever logged it: the configured
 * secrets (also in their JSON-escaped form), JWTs and credentials following an auth scheme. A
 * second line of defence behind pino's path redaction, which only knows object keys.
 */
export function secretScrubber(secrets: string[]): (line: string) => string {
  const needles = [
    ...new Set(secrets.flatMap((s) => [s, JSON.stringify(s).slice(1, -1)]).filter(Boolean)),
  ].sort((a, b) => b.length - a.length);
  return (line) => {
    let scrubbed = line;
    for (const needle of needles) {
      if (scrubbed.includes(needle)) {
        scrubbed = scrubbed.split(needle).join(REDACTED);
      }
    }
    return scrubbed.replace(JWT, REDACTED).replace(SCHEME_CREDENTIAL, `$1 ${REDACTED}`);
  };
}
