import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, type HealthCheckResult } from '@nestjs/terminus';
import { Public } from '../auth/public.decorator.js';
import { DrainHealthIndicator } from './drain.health.js';
import { RedisHealthIndicator } from './redis.health.js';
import { UpstreamHealthIndicator } from './upstream.health.js';

/** The terminus result: overall status and one entry per check (`lifecycle`, `redis`, `upstream`). */
const HEALTH_RESULT = {
  type: 'object',
  required: ['status'],
  properties: {
    status: { type: 'string', enum: ['ok', 'degraded', 'error', 'shutting_down'] },
    info: { type: 'object', additionalProperties: true },
    error: { type: 'object', additionalProperties: true },
    details: { type: 'object', additionalProperties: true },
  },
};

@Public()
@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    @Inject(HealthCheckService) private readonly health: HealthCheckService,
    @Inject(DrainHealthIndicator) private readonly drain: DrainHealthIndicator,
    @Inject(RedisHealthIndicator) private readonly redis: RedisHealthIndicator,
    @Inject(UpstreamHealthIndicator) private readonly upstream: UpstreamHealthIndicator,
  ) {}

  /** Liveness: the process can serve. No dependency is checked, so a dependency outage never restarts pods. */
  @Get('live')
  @HealthCheck()
  @ApiOkResponse({ description: 'The process can serve', schema: HEALTH_RESULT })
  live(): Promise<HealthCheckResult> {
    return this.health.check([]);
  }

  @Get('ready')
  @HealthCheck()
  @ApiOkResponse({
    description: 'Ready: not draining, Cloud Elements answered its last ping',
    schema: HEALTH_RESULT,
  })
  @ApiServiceUnavailableResponse({
    description: 'Draining, or Cloud Elements unreachable (problem details with the checks)',
  })
  ready(): Promise<HealthCheckResult> {
    return this.health.check([
      () => this.drain.check(),
      () => this.redis.check(),
      () => this.upstream.check(),
    ]);
  }
}
