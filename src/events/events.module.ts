import { Module } from '@nestjs/common';
import { ChangePoller } from './change-poller.service.js';
import { EventHub } from './event-hub.service.js';
import { EventPipeline } from './event-pipeline.service.js';
import { EventStream } from './event-stream.service.js';
import { EventSubscriptions } from './event-subscriptions.service.js';
import { EventsController } from './events.controller.js';
import { ReplayGuard } from './replay-guard.service.js';
import { WebhookAuthenticator } from './webhook-authenticator.service.js';
import { WebhookIntake } from './webhook-intake.service.js';
import { WebhooksController } from './webhooks.controller.js';

/**
 * Helpdesk changes: Cloud Elements notifications (or the fallback poller) invalidate the cache and
 * are published per tenant to a Redis stream, which GET /v1/events serves as Server-Sent Events.
 */
@Module({
  controllers: [WebhooksController, EventsController],
  providers: [
    WebhookAuthenticator,
    ReplayGuard,
    WebhookIntake,
    EventStream,
    EventHub,
    EventPipeline,
    EventSubscriptions,
    ChangePoller,
  ],
})
export class EventsModule {}
