import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import { DrainState } from '../lifecycle/drain-state.js';

@Injectable()
export class DrainHealthIndicator {
  constructor(
    @Inject(HealthIndicatorService) private readonly health: HealthIndicatorService,
    @Inject(DrainState) private readonly state: DrainState,
  ) {}

  check(): HealthIndicatorResult<'lifecycle'> {
    const session = this.health.check('lifecycle');
    return this.state.draining ? session.down({ draining: true }) : session.up({ draining: false });
  }
}
