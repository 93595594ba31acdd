import { Inject, Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { jwtVerify, type JWTPayload, type JWTVerifyGetKey, type JWTVerifyOptions } from 'jose';
import type { GatewayConfig, Scope } from '../config/gateway-config.js';
import type { JwtConfig } from '../config/security-config.js';
import { ErrorCode } from '../core/errors/error-code.js';
import { GatewayError } from '../core/errors/gateway.error.js';
import type { Caller } from '../core/http/request-context.js';
import { MetricsService } from '../metrics/metrics.service.js';
import { INVALID_TOKEN_CHALLENGE, unauthenticated } from './credentials.js';
import { KeySourceUnavailable, verificationKey } from './jwt-keys.js';

const SCOPES: readonly Scope[] = ['helpdesk:read', 'helpdesk:write'];
const MAX_SUBJECT_LENGTH = 256;

/**
 * Verifies frontend callers' bearer JWTs: signature with an allow-listed algorithm, issuer,
 * audience, `exp` and `nbf` (with a small clock skew). Tenants and scopes come from configured
 * claims; the caller is internal only when a configured claim is `true`.
 */
@Injectable()
export class JwtAuthenticator {
  private readonly logger = new Logger(JwtAuthenticator.name);
  private readonly settings?: JwtConfig;
  private readonly key?: Uint8Array | JWTVerifyGetKey;
  private readonly options?: JWTVerifyOptions;
  private readonly tenants: ReadonlySet<string>;

  constructor(
    @Inject(ConfigService) config: ConfigService<GatewayConfig, true>,
    @Inject(MetricsService) private readonly metrics: MetricsService,
  ) {
    this.settings = config.get('security', { infer: true }).jwt;
    this.tenants = new Set(config.get('tenants', { infer: true }).keys());
    if (this.settings) {
      this.key = verificationKey(this.settings.keys);
      this.options = {
        issuer: this.settings.issuer,
        audience: this.settings.audiences,
        algorithms: this.settings.algorithms,
        clockTolerance: this.settings.clockSkewSeconds,
        requiredClaims: ['exp', 'sub'],
      };
    }
  }

  async authenticate(token: string): Promise<Caller> {
    if (!this.settings || !this.key || !this.options) {
      throw this.refuse('JWT callers are not configured');
    }
    let payload: JWTPayload;
    try {
      payload =
        typeof this.key === 'function'
          ? (await jwtVerify(token, this.key, this.options)).payload
          : (await jwtVerify(token, this.key, this.options)).payload;
    } catch (error) {
      if (error instanceof KeySourceUnavailable) {
        this.metrics.authFailures.inc({ reason: 'jwks_unavailable' });
        this.logger.warn(`JWKS unavailable: ${describe(error.cause)}`);
        throw new GatewayError(
          ErrorCode.UpstreamUnavailable,
          "The token issuer's signing keys cannot be fetched right now",
          { cause: error },
        );
      }
      throw this.refuse(describe(error));
    }
    return this.toCaller(payload, this.settings);
  }

  private toCaller(payload: JWTPayload, settings: JwtConfig): Caller {
    const subject = payload.sub;
    if (
      typeof subject !== 'string' ||
      subject.length === 0 ||
      subject.length > MAX_SUBJECT_LENGTH
    ) {
      throw this.refuse('the sub claim is not a usable string');
    }
    return {
      id: `jwt:${subject}`,
      kind: 'jwt',
      tenants: stringsOf(payload[settings.tenantClaim], /[\s,]+/).filter((t) =>
        this.tenants.has(t),
      ),
      scopes: stringsOf(payload[settings.scopeClaim], /\s+/).filter((s): s is Scope =>
        SCOPES.includes(s as Scope),
      ),
      internal: settings.internalClaim !== undefined && payload[settings.internalClaim] === true,
      // `exp` is a required claim, checked by jwtVerify.
      expiresAt: (payload.exp as number) * 1000,
    };
  }

  /** One answer for every failed check; the reason goes to the debug log only. */
  private refuse(reason: string): GatewayError {
    this.metrics.authFailures.inc({ reason: 'invalid_token' });
    this.logger.debug(`Bearer token refused: ${reason}`);
    return unauthenticated(INVALID_TOKEN_CHALLENGE);
  }
}

/** A claim given as one string (split on `separator`) or as a list of strings. */
function stringsOf(value: unknown, separator: RegExp): string[] {
  if (typeof value === 'string') {
    return value.split(separator).filter((item) => item.length > 0);
  }
  if (Array.isArray(value)) {
    return value.filter((item): item is string => typeof item === 'string');
  }
  return [];
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' ? `${code}: ${error.message}` : error.message;
  }
  return String(error);
}
