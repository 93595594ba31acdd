import type { EventsConfig } from './events-config.js';
import type { SecurityConfig } from './security-config.js';

export type Scope = 'helpdesk:read' | 'helpdesk:write';

export type TenantConfig =
  | { id: string; instanceId: string; elementToken?: undefined }
  | { id: string; elementToken: string; instanceId?: undefined };

export interface ClientConfig {
  id: string;
  /** SHA-256 digests of the client's API keys (several while a key is being rotated). */
  keyDigests: Buffer[];
  tenants: string[];
  scopes: Scope[];
  internal: boolean;
}

export interface AppConfig {
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  logLevel: string;
  bodyLimitBytes: number;
  attachmentMaxBytes: number;
  cursorSecret: Buffer;
  shutdownDelayMs: number;
  shutdownDrainMs: number;
}

export interface RedisConfig {
  url: string;
  /** Sentinel mode when set: REDIS_URL then only carries credentials, database and TLS. */
  sentinels?: { host: string; port: number }[];
  /** Cluster mode when set: seed nodes; REDIS_URL then only carries credentials and TLS. */
  clusterNodes?: { host: string; port: number }[];
  sentinelName: string;
  required: boolean;
  keyPrefix: string;
  commandTimeoutMs: number;
}

export interface UpstreamConfig {
  baseUrl: string;
  orgSecret: string;
  userSecret: string;
  attemptTimeoutMs: number;
  requestDeadlineMs: number;
  connections: number;
  /** The longest upstream answer read (UPSTREAM_MAX_RESPONSE_BYTES). */
  maxResponseBytes: number;
}

export type CachedResource =
  'incidents' | 'comments' | 'attachments' | 'contacts' | 'accounts' | 'lookups';

export interface CacheConfig {
  enabled: boolean;
  /** Fresh lifetime per resource, in seconds. */
  ttlSeconds: Record<CachedResource, number>;
  staleSeconds: number;
  notFoundSeconds: number;
  lockWaitMs: number;
  /** Bytes of fresh entries kept in process (0: off); always off on Redis Cluster. */
  localMaxBytes: number;
}

export interface ResilienceConfig {
  maxRetries: number;
  retryBaseMs: number;
  retryMaxMs: number;
  retryAfterMaxSeconds: number;
  retryBudgetRatio: number;
  breakerConsecutiveFailures: number;
  breakerFailureRatio: number;
  breakerWindowSize: number;
  breakerHalfOpenAfterMs: number;
  tenantConcurrency: number;
  tenantQueue: number;
  rateLimitPauseSeconds: number;
}

export interface AuthConfig {
  clients: ClientConfig[];
  /** True when GATEWAY_CLIENTS was unset in development and the `dev` client was made. */
  devClient: boolean;
}

/** The whole validated configuration; read through ConfigService with `{ infer: true }`. */
export interface GatewayConfig {
  app: AppConfig;
  redis: RedisConfig;
  upstream: UpstreamConfig;
  tenants: Map<string, TenantConfig>;
  auth: AuthConfig;
  security: SecurityConfig;
  cache: CacheConfig;
  resilience: ResilienceConfig;
  events: EventsConfig;
}
