import { Global, Module } from '@nestjs/common';
import { RedisTracking } from './redis-tracking.js';
import { RedisService } from './redis.service.js';

@Global()
@Module({
  providers: [RedisService, RedisTracking],
  exports: [RedisService, RedisTracking],
})
export class RedisModule {}
