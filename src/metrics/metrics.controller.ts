import { Controller, Get, Header, Inject } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '../auth/public.decorator.js';
import { NearCache } from '../cache/near-cache.js';
import { RedisTracking } from '../redis/redis-tracking.js';
import { RedisService } from '../redis/redis.service.js';
import { MetricsService } from './metrics.service.js';

@Public()
@ApiExcludeController()
@Controller('metrics')
export class MetricsController {
  constructor(
    @Inject(MetricsService) private readonly metrics: MetricsService,
    @Inject(RedisService) private readonly redis: RedisService,
    @Inject(RedisTracking) private readonly tracking: RedisTracking,
    @Inject(NearCache) private readonly near: NearCache,
  ) {}

  @Get()
  @Header('content-type', 'text/plain; version=0.0.4; charset=utf-8')
  scrape(): Promise<string> {
    this.metrics.redisUp.set(this.redis.isReady() ? 1 : 0);
    this.metrics.cacheTrackingUp.set(this.tracking.tracking ? 1 : 0);
    this.metrics.cacheLocalEntries.set(this.near.size);
    this.metrics.cacheLocalBytes.set(this.near.bytes);
    return this.metrics.registry.metrics();
  }
}
