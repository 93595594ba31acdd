import { Transform } from 'class-transformer';

import {
  IsBoolean,
  IsIn,
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
import { IsRedisUrl } from './redis-url.js';

/**
 * Every environment variable the gateway reads, with its type and bounds. Values are strings in
 * the environment; transforms turn them into numbers and booleans before validation, so an error
 * message always names the variable and the accepted form.
 */
export class EnvironmentVariables {
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsString()
  @MinLength(1)
  HOST = '0.0.0.0';

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL: string = 'info';

  @IsRedisUrl()
  REDIS_URL = 'redis://127.0.0.1:6379';

  @Transform(toBoolean)
  @IsBoolean()
  REDIS_REQUIRED = false;

  /** Sentinel mode: `host:port` of each sentinel, comma-separated; REDIS_URL then gives only credentials, db and TLS. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^[^\s,:]+:\d{1,5}(,[^\s,:]+:\d{1,5})*$/, { message: 'must be host:port[,host:port…]' })
  REDIS_SENTINELS?: string;

  /** Cluster mode: `host:port` of some cluster nodes, comma-separated; REDIS_URL then gives only credentials and TLS. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^[^\s,:]+:\d{1,5}(,[^\s,:]+:\d{1,5})*$/, { message: 'must be host:port[,host:port…]' })
  REDIS_CLUSTER_NODES?: string;

  /** The master name the sentinels watch (default mymaster). */
  @Matches(/^[A-Za-z0-9._-]{1,64}$/, { message: 'must be 1-64 characters of A-Z a-z 0-9 . _ -' })
  REDIS_SENTINEL_NAME = 'mymaster';

  @Matches(/^[A-Za-z0-9:_.-]{0,64}$/, {
    message: 'must be up to 64 characters of A-Z a-z 0-9 : _ . -',
  })
  REDIS_KEY_PREFIX = 'hgw:';

  @Transform(toInt)
  @IsInt()
  @Min(5)
  @Max(10000)
  REDIS_COMMAND_TIMEOUT_MS = 100;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsUrl({ protocols: ['http', 'https'], require_tld: false, require_protocol: true })
  CE_BASE_URL?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @MinLength(8)
  CE_ORG_SECRET?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @MinLength(8)
  CE_USER_SECRET?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  CE_TENANTS?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  GATEWAY_CLIENTS?: string;

  @Transform(toInt)
  @IsInt()
  @Min(50)
  @Max(120000)
  UPSTREAM_ATTEMPT_TIMEOUT_MS = 2500;

  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(300000)
  REQUEST_DEADLINE_MS = 6000;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1024)
  UPSTREAM_CONNECTIONS = 64;

  /** The longest upstream answer read; a longer one is a 502 instead of memory spent on it. */
  @Transform(toInt)
  @IsInt()
  @Min(4096)
  @Max(1024 * 1024 * 1024)
  UPSTREAM_MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

  @Transform(toInt)
  @IsInt()
  @Min(1024)
  @Max(100 * 1024 * 1024)
  BODY_LIMIT_BYTES = 1024 * 1024;

  @Transform(toInt)
  @IsInt()
  @Min(1024)
  @Max(1024 * 1024 * 1024)
  ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @MinLength(32)
  CURSOR_SECRET?: string;

  /** On SIGTERM: keep serving this long with readiness failing, then refuse new requests. */
  @Transform(toInt) @IsInt() @Min(0) @Max(120000) SHUTDOWN_DELAY_MS = 0;
  /** Then give in-flight requests at most this long before exiting. */
  @Transform(toInt) @IsInt() @Min(0) @Max(600000) SHUTDOWN_DRAIN_MS = 10000;

  /** Retries of idempotent upstream calls (GET, DELETE) on transient failures. */
  @Transform(toInt) @IsInt() @Min(0) @Max(5) UPSTREAM_MAX_RETRIES = 2;
  @Transform(toInt) @IsInt() @Min(1) @Max(10000) UPSTREAM_RETRY_BASE_MS = 100;
  @Transform(toInt) @IsInt() @Min(1) @Max(60000) UPSTREAM_RETRY_MAX_MS = 1000;
  /** A longer upstream Retry-After is not waited for: the caller gets UPSTREAM_RATE_LIMITED at once. */
  @Transform(toInt) @IsInt() @Min(0) @Max(60) UPSTREAM_RETRY_AFTER_MAX_SECONDS = 2;
  /**
   * Retries earned per request (0.5: at most one retry per two requests once the reserve is spent,
   * so retries add at most half again the load). 0.2 let a 30 % error rate through (bench: 2xx 0.32
   * vs 0.97 at 0.5, docs/benchmarks.md).
   */
  @Transform(toNumber) @IsNumber() @Min(0) @Max(1) UPSTREAM_RETRY_BUDGET_RATIO = 0.5;

  /** Circuit breaker per tenant: opens after this many failed requests in a row… */
  @Transform(toInt) @IsInt() @Min(1) @Max(1000) BREAKER_CONSECUTIVE_FAILURES = 5;
  /** …or when this share of the last BREAKER_WINDOW_SIZE requests failed. */
  @Transform(toNumber) @IsNumber() @Min(0.01) @Max(1) BREAKER_FAILURE_RATIO = 0.5;
  @Transform(toInt) @IsInt() @Min(2) @Max(10000) BREAKER_WINDOW_SIZE = 20;
  @Transform(toInt) @IsInt() @Min(100) @Max(600000) BREAKER_HALF_OPEN_AFTER_MS = 10000;

  /** Concurrent upstream calls per tenant, and how many more may wait for a slot. */
  @Transform(toInt) @IsInt() @Min(1) @Max(1024) UPSTREAM_TENANT_CONCURRENCY = 16;
  @Transform(toInt) @IsInt() @Min(0) @Max(100000) UPSTREAM_TENANT_QUEUE = 256;
  /** Pause after an upstream 429 that gave no Retry-After. */
  @Transform(toInt) @IsInt() @Min(0) @Max(3600) UPSTREAM_429_PAUSE_SECONDS = 1;

  @Transform(toBoolean)
  @IsBoolean()
  CACHE_ENABLED = true;

  /** Seconds a cached response stays fresh, per resource. */
  @Transform(toInt) @IsInt() @Min(0) @Max(86400) CACHE_TTL_INCIDENTS = 30;
  @Transform(toInt) @IsInt() @Min(0) @Max(86400) CACHE_TTL_COMMENTS = 30;
  @Transform(toInt) @IsInt() @Min(0) @Max(86400) CACHE_TTL_ATTACHMENTS = 60;
  @Transform(toInt) @IsInt() @Min(0) @Max(86400) CACHE_TTL_CONTACTS = 120;
  @Transform(toInt) @IsInt() @Min(0) @Max(86400) CACHE_TTL_ACCOUNTS = 300;
  @Transform(toInt) @IsInt() @Min(0) @Max(86400) CACHE_TTL_LOOKUPS = 3600;

  /** Seconds past freshness a response may still be served while refreshing or when the upstream fails. */
  @Transform(toInt) @IsInt() @Min(0) @Max(86400) CACHE_STALE_SECONDS = 300;

  /** Seconds a "not found" answer is remembered. */
  @Transform(toInt) @IsInt() @Min(0) @Max(3600) CACHE_NOT_FOUND_SECONDS = 30;

  /** How long a request waits for another instance that is already loading the same key. */
  @Transform(toInt) @IsInt() @Min(0) @Max(60000) CACHE_LOCK_WAIT_MS = 3000;

  /** Memory for the in-process copy of fresh entries, kept valid by Redis invalidations; 0 turns it off. */
  @Transform(toInt) @IsInt() @Min(0) @Max(4096) CACHE_LOCAL_MAX_MB = 32;
}
