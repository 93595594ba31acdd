import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { DrainHealthIndicator } from './drain.health.js';
import { HealthController } from './health.controller.js';
import { RedisHealthIndicator } from './redis.health.js';
import { UpstreamHealthIndicator } from './upstream.health.js';

@Module({
  imports: [TerminusModule.forRoot({ logger: false })],
  controllers: [HealthController],
  providers: [DrainHealthIndicator, RedisHealthIndicator, UpstreamHealthIndicator],
})
export class HealthModule {}
