import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { ErrorCode } from '../core/errors/error-code.js';
import { GatewayError } from '../core/errors/gateway.error.js';
import { MetricsService } from '../metrics/metrics.service.js';
import { EventPipeline } from './event-pipeline.service.js';
import { parseNotification } from './notification-parser.js';
import { ReplayGuard } from './replay-guard.service.js';

export interface WebhookReceipt {
  status: 'accepted' | 'duplicate';
  /** Changes found in the notification (0 for a duplicate, which is not processed again). */
  changes: number;
}

/** Notifications accepted but not processed yet, across tenants; more are refused with a 503. */
export const MAX_PENDING = 1000;
/**
 * Changes in those notifications (one may carry 1,000): the backlog's memory is bounded by this,
 * about 1 KB per change held, not by the count of notifications alone.
 */
export const MAX_PENDING_CHANGES = 50_000;
const WEBHOOK_ID = /^[\x21-\x7e]{1,200}$/;
const SHUTDOWN_WAIT_MS = 5000;

/**
 * Takes a verified notification: parses it, drops a replay of an id already seen, and hands the
 * changes to the pipeline in the background (one queue per tenant, so a tenant's changes keep
 * their order). The sender gets its answer before any Redis work for the changes is done.
 */
@Injectable()
export class WebhookIntake implements OnModuleDestroy {
  private readonly logger = new Logger(WebhookIntake.name);
  private readonly queues = new Map<string, Promise<void>>();
  private pending = 0;
  private pendingChanges = 0;

  constructor(
    @Inject(ReplayGuard) private readonly replays: ReplayGuard,
    @Inject(EventPipeline) private readonly pipeline: EventPipeline,
    @Inject(MetricsService) private readonly metrics: MetricsService,
  ) {}

  /** Refusals are thrown (and counted as rejected by WebhookAuthenticator when answered). */
  async receive(tenant: string, webhookId: unknown, body: unknown): Promise<WebhookReceipt> {
    return this.admit(tenant, webhookId, body);
  }

  /** Waits (bounded) for accepted notifications to be processed. */
  async onModuleDestroy(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.all(this.queues.values()),
      new Promise((resolve) => {
        timer = setTimeout(resolve, SHUTDOWN_WAIT_MS);
      }),
    ]);
    clearTimeout(timer);
  }

  private async admit(tenant: string, webhookId: unknown, body: unknown): Promise<WebhookReceipt> {
    if (typeof webhookId !== 'string' || !WEBHOOK_ID.test(webhookId)) {
      throw new GatewayError(
        ErrorCode.ValidationFailed,
        'Elements-Webhook-Id is missing or malformed',
        {
          errors: [
            { field: 'Elements-Webhook-Id', message: 'must be 1-200 printable ASCII characters' },
          ],
        },
      );
    }
    const changes = parseNotification(body);
    if (
      this.pending >= MAX_PENDING ||
      (this.pending > 0 && this.pendingChanges + changes.length > MAX_PENDING_CHANGES)
    ) {
      throw new GatewayError(
        ErrorCode.UpstreamUnavailable,
        'Too many notifications waiting; retry later',
        {
          retryAfterSeconds: 5,
        },
      );
    }
    if (!(await this.replays.claim(tenant, webhookId))) {
      this.metrics.eventNotifications.inc({ outcome: 'duplicate' });
      return { status: 'duplicate', changes: 0 };
    }
    this.metrics.eventNotifications.inc({ outcome: 'accepted' });
    this.enqueue(tenant, changes.length, () =>
      this.pipeline.process({ tenant, changes, source: 'webhook', deliveryId: webhookId }),
    );
    return { status: 'accepted', changes: changes.length };
  }

  private enqueue(tenant: string, changes: number, work: () => Promise<unknown>): void {
    this.pending++;
    this.pendingChanges += changes;
    const previous = this.queues.get(tenant) ?? Promise.resolve();
    const next = previous
      .then(work)
      .then(
        () => undefined,
        (error: unknown) =>
          this.logger.warn(
            `Processing a notification for ${tenant} failed: ${error instanceof Error ? error.message : String(error)}`,
          ),
      )
      .finally(() => {
        this.pending--;
        this.pendingChanges -= changes;
        if (this.queues.get(tenant) === next) {
          this.queues.delete(tenant);
        }
      });
    this.queues.set(tenant, next);
  }
}
