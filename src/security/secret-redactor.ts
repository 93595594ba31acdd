import type { GatewayConfig } from '../config/gateway-config.js';

const REDACTED = '[redacted]';
/** A JWS/JWT anywhere in a text (`eyJ` is the base64url of `{"`); the signature may be empty. */
const JWT = /eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g;
/** Credentials after an auth scheme, as in `Authorization` values (CE: `User …, Organization …, Element …`). */
const SCHEME_CREDENTIAL = /\b(Bearer|Basic|Element|User|Organization) +[A-Za-z0-9\-._~+/]{12,}=*/g;
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]+/g;
/**
 * Element tokens learned at run time are kept after a rotation (the upstream may still echo the
 * old one); past this many the oldest is forgotten, so a token rotated that long ago is unmasked.
 */
const MAX_LEARNED = 256;

/** The secret values the configuration holds in clear. */
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
 * Every secret value the process holds: the configured ones, and element tokens as they are
 * fetched. One instance per gateway masks them in each log line (a second line of defence behind
 * pino's path redaction, which only knows object keys) and in upstream text shown to callers.
 */
export class SecretRedactor {
  private readonly configured: ReadonlySet<string>;
  private readonly learned = new Set<string>();
  private needles: string[] = [];

  constructor(configured: Iterable<string>) {
    this.configured = new Set([...configured].filter(Boolean));
    this.needles = this.buildNeedles();
  }

  /** Remembers a secret obtained at run time (an element token from `GET /instances/{id}`). */
  add(secret: string): void {
    if (!secret || this.configured.has(secret) || this.learned.has(secret)) {
      return;
    }
    this.learned.add(secret);
    if (this.learned.size > MAX_LEARNED) {
      this.learned.delete(this.learned.values().next().value as string);
    }
    this.needles = this.buildNeedles();
  }

  /**
   * Masks the known secrets (also in their JSON-escaped form, as they appear in a serialized log
   * line), JWTs and credentials following an auth scheme.
   */
  redact(text: string): string {
    let redacted = text;
    for (const needle of this.needles) {
      if (redacted.includes(needle)) {
        redacted = redacted.split(needle).join(REDACTED);
      }
    }
    return redacted.replace(JWT, REDACTED).replace(SCHEME_CREDENTIAL, `$1 ${REDACTED}`);
  }

  /**
   * Upstream text fit to echo or log: secrets masked first (so the cut cannot leave part of one),
   * control characters turned into spaces, then at most `maxLength` characters.
   */
  bounded(text: string | undefined, maxLength: number): string | undefined {
    if (text === undefined) {
      return undefined;
    }
    const clean = this.redact(text).replace(CONTROL_CHARACTERS, ' ');
    return clean.length > maxLength ? `${clean.slice(0, maxLength - 1)}…` : clean;
  }

  private buildNeedles(): string[] {
    const secrets = [...this.configured, ...this.learned];
    return [...new Set(secrets.flatMap((s) => [s, JSON.stringify(s).slice(1, -1)]))].sort(
      (a, b) => b.length - a.length,
    );
  }
}
