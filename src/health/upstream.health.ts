import { Inject, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import { randomUUID } from 'node:crypto';
import type { GatewayConfig } from '../config/gateway-config.js';
import { toGatewayError } from '../core/errors/to-gateway-error.js';
import { UpstreamClient } from '../upstream/upstream.client.js';

/** Pings reach the provider (reference §11): one per tenant every few seconds at most. */
const PING_CACHE_MS = 5000;
const PING_DEADLINE_MS = 3000;

interface TenantPing {
  status: 'up' | 'down';
  code?: string;
  /** Whether Cloud Elements answered at all (any HTTP status from the hub counts). */
  reachable: boolean;
  checkedAt: string;
}

/**
 * Cloud Elements reachability per tenant from `GET /hubs/helpdesk/ping`, cached. The gateway is
 * ready while Cloud Elements answers for at least one tenant; one tenant's broken instance (401,
 * 403) shows in the details without taking every instance out of rotation.
 */
@Injectable()
export class UpstreamHealthIndicator {
  private readonly tenants: string[];
  private readonly pings = new Map<string, { at: number; result: Promise<TenantPing> }>();

  constructor(
    @Inject(HealthIndicatorService) private readonly health: HealthIndicatorService,
    @Inject(UpstreamClient) private readonly upstream: UpstreamClient,
    @Inject(ConfigService) config: ConfigService<GatewayConfig, true>,
  ) {
    this.tenants = [...config.get('tenants', { infer: true }).keys()];
  }

  async check(): Promise<HealthIndicatorResult<'upstream'>> {
    const results = await Promise.all(
      this.tenants.map(async (tenant) => [tenant, await this.ping(tenant)] as const),
    );
    const details = Object.fromEntries(results);
    const session = this.health.check('upstream');
    return results.some(([, ping]) => ping.reachable)
      ? session.up({ tenants: details })
      : session.down({ tenants: details });
  }

  private ping(tenant: string): Promise<TenantPing> {
    const cached = this.pings.get(tenant);
    if (cached && Date.now() - cached.at < PING_CACHE_MS) {
      return cached.result;
    }
    const result = this.upstream
      .hub({
        tenant,
        method: 'GET',
        path: '/ping',
        requestId: `health-${randomUUID()}`,
        deadlineAt: Date.now() + PING_DEADLINE_MS,
      })
      .then((): TenantPing => ({
        status: 'up',
        reachable: true,
        checkedAt: new Date().toISOString(),
      }))
      .catch((error: unknown): TenantPing => {
        const code = toGatewayError(error).code;
        const reachable = !['UPSTREAM_UNAVAILABLE', 'UPSTREAM_TIMEOUT'].includes(code);
        return { status: 'down', code, reachable, checkedAt: new Date().toISOString() };
      });
    this.pings.set(tenant, { at: Date.now(), result });
    return result;
  }
}
