import { Inject, Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { EventsConfig } from '../config/events-config.js';
import type { GatewayConfig } from '../config/gateway-config.js';
import { ErrorCode } from '../core/errors/error-code.js';
import { GatewayError } from '../core/errors/gateway.error.js';
import { DrainState } from '../lifecycle/drain-state.js';
import { armDeadline, credentialsDeadline } from './deadline-timer.js';
import { EventHub } from './event-hub.service.js';
import { EventStream, parseStreamId, type StreamEntry } from './event-stream.service.js';
import type { EventResource } from './helpdesk-event.js';
import { commentFrame, controlFrame, retryFrame } from './sse-frames.js';
import { SseSubscriber } from './sse-subscriber.js';

export interface OpenStream {
  tenant: string;
  /**
   * The caller's credentials expire then (epoch ms, a JWT's `exp`): the stream ends with them,
   * once the clock skew tolerated when the token was accepted has passed too.
   */
  expiresAt?: number;
  resources?: EventResource[];
  lastEventId?: string;
  request: FastifyRequest;
  reply: FastifyReply;
}

interface Resume {
  entries: StreamEntry[];
  /** Set when some events after Last-Event-ID can no longer be sent. */
  gap?: string;
}

const RECONNECT_MS = 2000;

/**
 * Opens a caller's event stream. Everything that can fail is checked while a problem+json answer
 * is still possible (draining, capacity, Accept, Last-Event-ID, the tenant's feed starting); only
 * then is the reply taken over and the stream written: headers, a resume from the tenant's Redis
 * stream when Last-Event-ID was sent, then live events.
 */
@Injectable()
export class EventSubscriptions {
  private readonly logger = new Logger(EventSubscriptions.name);
  private readonly config: EventsConfig;
  /** The clock skew a JWT's `exp` is checked with: a token is accepted until exp + this. */
  private readonly clockSkewSeconds: number;

  constructor(
    @Inject(EventHub) private readonly hub: EventHub,
    @Inject(EventStream) private readonly stream: EventStream,
    @Inject(DrainState) private readonly drain: DrainState,
    @Inject(ConfigService) config: ConfigService<GatewayConfig, true>,
  ) {
    this.config = config.get('events', { infer: true });
    this.clockSkewSeconds = config.get('security', { infer: true }).jwt?.clockSkewSeconds ?? 0;
  }

  async open(open: OpenStream): Promise<void> {
    this.checkOpen(open);
    if (open.request.method === 'HEAD') {
      // What a GET would answer, without the stream: no feed, no slot, no body.
      void open.reply
        .status(200)
        .headers({
          'content-type': 'text/event-stream; charset=utf-8',
          'cache-control': 'no-cache',
          'x-accel-buffering': 'no',
        })
        .send();
      return;
    }
    const raw = open.reply.raw;
    const subscriber = new SseSubscriber(raw, {
      tenant: open.tenant,
      resources: open.resources ? new Set(open.resources) : undefined,
      maxBufferBytes: this.config.sseMaxBufferBytes,
      onClose: (closed, reason) => {
        expiry?.cancel();
        this.hub.remove(closed, reason);
      },
    });
    // A stream must not outlive the token that opened it: the client reconnects with a fresh one.
    // It ends when the token would no longer be accepted, not before: a token accepted within the
    // clock skew would otherwise open a stream that closes at once, and the client would loop.
    const expiry =
      open.expiresAt === undefined
        ? undefined
        : armDeadline(credentialsDeadline(open.expiresAt, this.clockSkewSeconds), () =>
            subscriber.close('credentials-expired'),
          );
    let resume: Resume | undefined;
    try {
      await this.hub.subscribe(subscriber);
      resume = open.lastEventId ? await this.resume(open.tenant, open.lastEventId) : undefined;
    } catch (error) {
      subscriber.abandon();
      throw error;
    }
    if (subscriber.closed) {
      return;
    }
    void open.reply.hijack();
    raw.writeHead(200, {
      ...(open.reply.getHeaders() as Record<string, string>),
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      'x-accel-buffering': 'no',
    });
    // Idle sockets are closed by the server; a heartbeat keeps this one busy well before that.
    open.request.raw.socket?.setTimeout(this.config.sseHeartbeatMs * 4);
    subscriber.send(retryFrame(RECONNECT_MS) + commentFrame('connected'));
    if (resume?.gap) {
      subscriber.send(controlFrame('reset', { reason: resume.gap }));
    }
    await subscriber.replay(resume?.entries ?? []);
    subscriber.goLive();
  }

  private checkOpen(open: OpenStream): void {
    if (this.drain.draining) {
      throw new GatewayError(ErrorCode.UpstreamUnavailable, 'The gateway is shutting down', {
        retryAfterSeconds: 1,
      });
    }
    if (this.hub.size >= this.config.sseMaxClients) {
      throw new GatewayError(
        ErrorCode.UpstreamUnavailable,
        'Too many event streams on this instance',
        {
          retryAfterSeconds: 5,
        },
      );
    }
    if (!acceptsEventStream(open.request.headers.accept)) {
      throw new GatewayError(
        ErrorCode.NotAcceptable,
        'This resource is only available as text/event-stream',
      );
    }
    if (open.lastEventId !== undefined && !parseStreamId(open.lastEventId)) {
      throw new GatewayError(
        ErrorCode.ValidationFailed,
        'Last-Event-ID is not an event id of this API',
        {
          errors: [
            {
              field: 'Last-Event-ID',
              message:
                'must be an id received as `id:` from this stream (<ms>-<seq>, both unsigned 64-bit integers)',
            },
          ],
        },
      );
    }
  }

  /** Events after the client's last one; `gap` when some of them are no longer kept. */
  private async resume(tenant: string, lastEventId: string): Promise<Resume> {
    const check = await this.stream.checkResume(tenant, lastEventId);
    const entries =
      check === 'unavailable' ? undefined : await this.stream.readAfter(tenant, lastEventId);
    if (entries === undefined) {
      this.logger.warn(`Cannot resume an event stream of ${tenant}: Redis is not available`);
      return { entries: [], gap: 'history-unavailable' };
    }
    return { entries, gap: check === 'gap' ? 'history-trimmed' : undefined };
  }
}

/** Absent, `*\/*`, `text/*` or `text/event-stream` (with q > 0) in the Accept header. */
function acceptsEventStream(accept: string | undefined): boolean {
  if (!accept || accept.trim() === '') {
    return true;
  }
  return accept.split(',').some((part) => {
    const [range = '', ...params] = part.split(';').map((p) => p.trim().toLowerCase());
    const q = params.find((p) => p.startsWith('q='));
    return (
      ['*/*', 'text/*', 'text/event-stream'].includes(range) &&
      (q === undefined || Number(q.slice(2)) > 0)
    );
  });
}
