import { Transform } from 'class-transformer';

import {
  IsBoolean,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  Min,
  MinLength,
} from 'class-validator';
import { emptyToUndefined, toBoolean, toNumber, toInt } from './env-transforms.js';

/** A claim name: top-level only, but namespaced names (`https://example.com/tenants`) are fine. */
const CLAIM_NAME = /^[A-Za-z0-9_:/.@-]{1,128}$/;
const CLAIM_MESSAGE = 'must be a claim name of 1-128 characters of A-Z a-z 0-9 _ : / . @ -';

/**
 * The security variables (frontend JWT callers, rate limits, CORS, HTTP server limits), validated
 * like EnvironmentVariables: strings become numbers and booleans first, errors name the variable.
 */
export class SecurityEnvironmentVariables {
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @MinLength(1)
  JWT_ISSUER?: string;

  /** One audience, or several separated by commas; a token must carry one of them. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^[^,\s]+(\s*,\s*[^,\s]+)*$/, { message: 'must be one or more comma-separated values' })
  JWT_AUDIENCE?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsUrl({ protocols: ['http', 'https'], require_tld: false, require_protocol: true })
  JWT_JWKS_URL?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @MinLength(32)
  JWT_HS256_SECRET?: string;

  @Transform(toBoolean)
  @IsBoolean()
  JWT_HS256_ALLOW_IN_PRODUCTION = false;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^[A-Za-z0-9]+(\s*,\s*[A-Za-z0-9]+)*$/, {
    message: 'must be a comma-separated list of algorithm names',
  })
  JWT_ALGORITHMS?: string;

  @Matches(CLAIM_NAME, { message: CLAIM_MESSAGE })
  JWT_TENANT_CLAIM = 'tenants';

  @Matches(CLAIM_NAME, { message: CLAIM_MESSAGE })
  JWT_SCOPE_CLAIM = 'scope';

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(CLAIM_NAME, { message: CLAIM_MESSAGE })
  JWT_INTERNAL_CLAIM?: string;

  @Transform(toInt) @IsInt() @Min(0) @Max(300) JWT_CLOCK_SKEW_SECONDS = 30;
  @Transform(toInt) @IsInt() @Min(0) @Max(3600) JWT_JWKS_COOLDOWN_SECONDS = 30;
  @Transform(toInt) @IsInt() @Min(1) @Max(86400) JWT_JWKS_CACHE_SECONDS = 600;
  @Transform(toInt) @IsInt() @Min(100) @Max(30000) JWT_JWKS_TIMEOUT_MS = 2000;

  @Transform(toBoolean)
  @IsBoolean()
  RATE_LIMIT_ENABLED = true;

  @Transform(toInt) @IsInt() @Min(1) @Max(86400) RATE_LIMIT_WINDOW_SECONDS = 60;
  @Transform(toInt) @IsInt() @Min(1) @Max(10_000_000) RATE_LIMIT_PER_CLIENT = 600;
  @Transform(toInt) @IsInt() @Min(1) @Max(100_000_000) RATE_LIMIT_PER_TENANT = 3000;

  /** What a response served from the cache finally costs, as a share of a request. */
  @Transform(toNumber) @IsNumber() @Min(0) @Max(1) RATE_LIMIT_CACHE_HIT_COST = 0.2;

  /** Comma-separated exact origins (`https://app.example.com`); empty: CORS stays off. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  CORS_ORIGINS?: string;

  @Transform(toBoolean)
  @IsBoolean()
  CORS_ALLOW_CREDENTIALS = false;

  @Transform(toInt) @IsInt() @Min(0) @Max(86400) CORS_MAX_AGE_SECONDS = 600;

  @Transform(toInt) @IsInt() @Min(100) @Max(600_000) HTTP_HEADERS_TIMEOUT_MS = 10_000;
  @Transform(toInt) @IsInt() @Min(100) @Max(3_600_000) HTTP_REQUEST_TIMEOUT_MS = 60_000;
  @Transform(toInt) @IsInt() @Min(100) @Max(3_600_000) HTTP_CONNECTION_TIMEOUT_MS = 60_000;
  @Transform(toInt) @IsInt() @Min(100) @Max(3_600_000) HTTP_KEEP_ALIVE_TIMEOUT_MS = 72_000;
  @Transform(toInt) @IsInt() @Min(1024) @Max(1024 * 1024) HTTP_MAX_HEADER_BYTES = 16 * 1024;
}

/** Optional variables have no default, so they are not own properties of a fresh instance. */
export const OPTIONAL_SECURITY_VARIABLES = [
  'JWT_ISSUER',
  'JWT_AUDIENCE',
  'JWT_JWKS_URL',
  'JWT_HS256_SECRET',
  'JWT_ALGORITHMS',
  'JWT_INTERNAL_CLAIM',
  'CORS_ORIGINS',
];
