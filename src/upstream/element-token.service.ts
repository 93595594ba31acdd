import { Inject, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { elementTokenKey, elementTokenLockKey } from '../cache/cache-keys.js';
import type { GatewayConfig, TenantConfig } from '../config/gateway-config.js';
import { ErrorCode } from '../core/errors/error-code.js';
import { GatewayError } from '../core/errors/gateway.error.js';
import { MetricsService } from '../metrics/metrics.service.js';
import { RedisService } from '../redis/redis.service.js';
import { SecretRedactor } from '../security/secret-redactor.js';
import { TokenSealer } from './token-sealer.js';

export type InstanceTokenLookup = (instanceId: string, requestId: string) => Promise<string>;

/** Tokens have no documented expiry; a day bounds how long a revoked one could linger unused. */
const TOKEN_TTL_SECONDS = 86_400;
const LOCK_MS = 5_000;
const POLL_MS = 25;

/**
 * Element tokens per tenant: static ones from config, or looked up with `GET /instances/{id}` —
 * once per tenant across concurrent requests (in-process single-flight) and across gateway
 * instances (sealed in Redis, with a short lock). Redis down: the in-process copy is enough.
 */
@Injectable()
export class ElementTokenService {
  private readonly tenants: Map<string, TenantConfig>;
  private readonly local = new Map<string, string>();
  private readonly inFlight = new Map<string, Promise<string>>();
  private readonly sealer: TokenSealer;
  private lookup?: InstanceTokenLookup;

  constructor(
    @Inject(ConfigService) config: ConfigService<GatewayConfig, true>,
    @Inject(RedisService) private readonly redis: RedisService,
    @Inject(MetricsService) private readonly metrics: MetricsService,
    @Inject(SecretRedactor) private readonly secrets: SecretRedactor,
  ) {
    this.tenants = config.get('tenants', { infer: true });
    this.sealer = new TokenSealer(config.get('upstream', { infer: true }));
  }

  useLookup(lookup: InstanceTokenLookup): void {
    this.lookup = lookup;
  }

  canRefresh(tenant: string): boolean {
    return this.tenantConfig(tenant).instanceId !== undefined;
  }

  async get(tenant: string, requestId: string): Promise<string> {
    const config = this.tenantConfig(tenant);
    if (config.elementToken !== undefined) {
      return config.elementToken;
    }
    return this.local.get(tenant) ?? this.resolve(tenant, config.instanceId, requestId, undefined);
  }

  /** The upstream refused `refused`: use a newer token if one is known, else look one up (once). */
  async refresh(tenant: string, refused: string, requestId: string): Promise<string> {
    const config = this.tenantConfig(tenant);
    if (config.instanceId === undefined) {
      return this.get(tenant, requestId);
    }
    const known = this.local.get(tenant);
    if (known !== undefined && known !== refused) {
      return known;
    }
    this.local.delete(tenant);
    return this.resolve(tenant, config.instanceId, requestId, refused);
  }

  private resolve(
    tenant: string,
    instanceId: string,
    requestId: string,
    refused: string | undefined,
  ): Promise<string> {
    const pending = this.inFlight.get(tenant);
    if (pending) {
      return pending;
    }
    const resolving = this.resolveShared(tenant, instanceId, requestId, refused)
      .then((token) => {
        // Known from now on to the log scrubber and to upstream text shown to callers.
        this.secrets.add(token);
        this.local.set(tenant, token);
        return token;
      })
      .finally(() => this.inFlight.delete(tenant));
    this.inFlight.set(tenant, resolving);
    return resolving;
  }

  /** Redis first; else one instance looks the token up while the others wait for it. */
  private async resolveShared(
    tenant: string,
    instanceId: string,
    requestId: string,
    refused?: string,
  ): Promise<string> {
    const shared = await this.readShared(tenant);
    if (shared !== undefined && shared !== refused) {
      return shared;
    }
    const lock = await this.redis.attempt((client) =>
      client.set(elementTokenLockKey(tenant), requestId, 'PX', LOCK_MS, 'NX'),
    );
    if (lock === null) {
      const waited = await this.waitForShared(tenant, refused);
      if (waited !== undefined) {
        return waited;
      }
    }
    try {
      const token = await this.fetch(tenant, instanceId, requestId);
      await this.redis.attempt((client) =>
        client.set(elementTokenKey(tenant), this.sealer.seal(token), 'EX', TOKEN_TTL_SECONDS),
      );
      return token;
    } finally {
      if (lock === 'OK') {
        await this.redis.attempt((client) => client.del(elementTokenLockKey(tenant)));
      }
    }
  }

  private async fetch(tenant: string, instanceId: string, requestId: string): Promise<string> {
    if (!this.lookup) {
      throw new Error('ElementTokenService used before the upstream client registered its lookup');
    }
    try {
      const token = await this.lookup(instanceId, requestId);
      this.metrics.tokenFetches.inc({ tenant, result: 'ok' });
      return token;
    } catch (error) {
      this.metrics.tokenFetches.inc({ tenant, result: 'error' });
      throw error;
    }
  }

  private async waitForShared(
    tenant: string,
    refused: string | undefined,
  ): Promise<string | undefined> {
    const until = Date.now() + LOCK_MS;
    while (Date.now() < until) {
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      const shared = await this.readShared(tenant);
      if (shared !== undefined && shared !== refused) {
        return shared;
      }
    }
    return undefined;
  }

  private async readShared(tenant: string): Promise<string | undefined> {
    return this.sealer.open(
      await this.redis.attempt((client) => client.get(elementTokenKey(tenant))),
    );
  }

  private tenantConfig(tenant: string): TenantConfig {
    const config = this.tenants.get(tenant);
    if (!config) {
      throw new GatewayError(ErrorCode.Forbidden, `Unknown tenant ${tenant}`);
    }
    return config;
  }
}
