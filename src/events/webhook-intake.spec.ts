import { ErrorCode } from '../core/errors/error-code.js';
import { GatewayError } from '../core/errors/gateway.error.js';
import { MetricsService } from '../metrics/metrics.service.js';
import type { EventPipeline } from './event-pipeline.service.js';
import type { ReplayGuard } from './replay-guard.service.js';
import { MAX_PENDING_CHANGES, WebhookIntake } from './webhook-intake.service.js';

const ID = '00163E038C2E1EE299C1BB0BE9398F9B';

/** A notification of `count` incident changes. */
function notification(count: number): unknown {
  return {
    message: {
      events: Array.from({ length: count }, () => ({
        objectType: 'incidents',
        objectId: ID,
        eventType: 'UPDATED',
      })),
    },
  };
}

/**
 * The admission rules alone: a pipeline that holds every batch until released (so the backlog
 * grows) and a replay guard that has seen nothing.
 */
function intake(): { intake: WebhookIntake; release: () => void } {
  let release = (): void => undefined;
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  const pipeline = { process: () => held } as unknown as EventPipeline;
  const replays = { claim: () => Promise.resolve(true) } as unknown as ReplayGuard;
  return { intake: new WebhookIntake(replays, pipeline, new MetricsService()), release };
}

describe('WebhookIntake', () => {
  it('should refuse with a 503 once the waiting notifications hold too many changes', async () => {
    const { intake: subject, release } = intake();
    const full = MAX_PENDING_CHANGES / 1000;
    for (let i = 0; i < full; i++) {
      await expect(subject.receive('acme', `w-${i}`, notification(1000))).resolves.toEqual({
        status: 'accepted',
        changes: 1000,
      });
    }
    const refused = await subject.receive('acme', 'w-over', notification(1)).catch((e) => e);
    expect(refused).toBeInstanceOf(GatewayError);
    expect((refused as GatewayError).code).toBe(ErrorCode.UpstreamUnavailable);

    release();
    await subject.onModuleDestroy();
    await expect(subject.receive('acme', 'w-after', notification(1))).resolves.toEqual({
      status: 'accepted',
      changes: 1,
    });
    release();
  });

  it('should take one notification of the largest size when nothing is waiting', async () => {
    const { intake: subject, release } = intake();
    await expect(subject.receive('acme', 'w-big', notification(1000))).resolves.toEqual({
      status: 'accepted',
      changes: 1000,
    });
    release();
  });
});
