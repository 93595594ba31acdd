/** Where the signing keys of frontend callers' JWTs come from. */
export type JwtKeySource =
  | {
      kind: 'jwks';
      url: URL;
      /** Minimum time between two JWKS fetches triggered by an unknown `kid`. */
      cooldownMs: number;
      /** How long a fetched JWKS is used before it is fetched again. */
      cacheMaxAgeMs: number;
      timeoutMs: number;
    }
  | { kind: 'secret'; secret: Uint8Array };

export interface JwtConfig {
  issuer: string;
  audiences: string[];
  keys: JwtKeySource;
  /** Signature algorithms accepted: asymmetric ones with a JWKS, HS256 with a secret. */
  algorithms: string[];
  tenantClaim: string;
  scopeClaim: string;
  /** A claim that must be `true` for the caller to be internal; unset: JWT callers never are. */
  internalClaim?: string;
  clockSkewSeconds: number;
}

export interface RateLimitConfig {
  enabled: boolean;
  windowSeconds: number;
  perClient: number;
  perTenant: number;
  /** Share of a request a cache hit finally costs (0 = free, 1 = like any request). */
  cacheHitCost: number;
}

export interface CorsConfig {
  /** Exact origins (`https://app.example.com`); empty: no cross-origin browser access. */
  origins: string[];
  allowCredentials: boolean;
  maxAgeSeconds: number;
}

export interface HttpServerConfig {
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  connectionTimeoutMs: number;
  keepAliveTimeoutMs: number;
  maxHeaderBytes: number;
}

/** Callers with bearer JWTs, rate limits, CORS and HTTP server limits. */
export interface SecurityConfig {
  /** Unset when neither JWT_JWKS_URL nor JWT_HS256_SECRET is given: bearer tokens are refused. */
  jwt?: JwtConfig;
  rateLimit: RateLimitConfig;
  cors: CorsConfig;
  http: HttpServerConfig;
}
