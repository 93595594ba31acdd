import { Inject, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { GatewayConfig, TenantConfig } from '../config/gateway-config.js';
import { GatewayError } from '../core/errors/gateway.error.js';
import { ErrorCode } from '../core/errors/error-code.js';

export type InstanceTokenLookup = (instanceId: string, requestId: string) => Promise<string>;

/**
 * Element tokens per tenant: static ones from config, or looked up with `GET /instances/{id}`.
 * Concurrent callers for one tenant share a single lookup (single-flight).
 */
@Injectable()
export class ElementTokenService {
  private readonly tenants: Map<string, TenantConfig>;
  private readonly tokens = new Map<string, string>();
  private readonly inFlight = new Map<string, Promise<string>>();
  private lookup?: InstanceTokenLookup;

  constructor(@Inject(ConfigService) config: ConfigService<GatewayConfig, true>) {
    this.tenants = config.get('tenants', { infer: true });
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
    return this.tokens.get(tenant) ?? this.fetch(tenant, config.instanceId, requestId);
  }

  /** Drops a token the upstream refused and fetches a new one (once, shared by concurrent callers). */
  async refresh(tenant: string, refused: string, requestId: string): Promise<string> {
    const config = this.tenantConfig(tenant);
    if (config.instanceId === undefined) {
      return this.get(tenant, requestId);
    }
    if (this.tokens.get(tenant) === refused) {
      this.tokens.delete(tenant);
    }
    return this.tokens.get(tenant) ?? this.fetch(tenant, config.instanceId, requestId);
  }

  private fetch(tenant: string, instanceId: string, requestId: string): Promise<string> {
    const pending = this.inFlight.get(tenant);
    if (pending) {
      return pending;
    }
    if (!this.lookup) {
      throw new Error('ElementTokenService used before the upstream client registered its lookup');
    }
    const lookup = this.lookup(instanceId, requestId)
      .then((token) => {
        this.tokens.set(tenant, token);
        return token;
      })
      .finally(() => this.inFlight.delete(tenant));
    this.inFlight.set(tenant, lookup);
    return lookup;
  }

  private tenantConfig(tenant: string): TenantConfig {
    const config = this.tenants.get(tenant);
    if (!config) {
      throw new GatewayError(ErrorCode.Forbidden, `Unknown tenant ${tenant}`);
    }
    return config;
  }
}
