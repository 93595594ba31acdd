import { Inject, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import type { GatewayConfig } from '../config/gateway-config.js';
import { RedisService } from '../redis/redis.service.js';

/** Redis state; down fails readiness only with REDIS_REQUIRED=true (the gateway serves uncached). */
@Injectable()
export class RedisHealthIndicator {
  private readonly required: boolean;

  constructor(
    @Inject(HealthIndicatorService) private readonly health: HealthIndicatorService,
    @Inject(RedisService) private readonly redis: RedisService,
    @Inject(ConfigService) config: ConfigService<GatewayConfig, true>,
  ) {
    this.required = config.get('redis', { infer: true }).required;
  }

  check(): HealthIndicatorResult<'redis'> {
    const session = this.health.check('redis');
    if (this.redis.isReady()) {
      return session.up({ required: this.required });
    }
    const details = { required: this.required, state: this.redis.state };
    return this.required ? session.down(details) : session.degraded(details);
  }
}
