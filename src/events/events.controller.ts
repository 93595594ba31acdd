import { Controller, Get, Headers, Inject, Query, Req, Res } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Ctx } from '../core/http/ctx.decorator.js';
import type { RequestContext } from '../core/http/request-context.js';
import { EventsQueryDto } from './dto/events-query.dto.js';
import { EventSubscriptions } from './event-subscriptions.service.js';

@ApiTags('events')
@Controller('v1/events')
export class EventsController {
  constructor(@Inject(EventSubscriptions) private readonly subscriptions: EventSubscriptions) {}

  /** The reply is written by hand: an event stream is no JSON body (see EventSubscriptions). */
  @Get()
  @ApiOperation({ summary: "The tenant's helpdesk changes as Server-Sent Events (docs/events.md)" })
  @ApiProduces('text/event-stream')
  @ApiHeader({ name: 'Last-Event-ID', required: false, description: 'Resume after this event id' })
  @ApiOkResponse({
    description:
      'An event stream: `data:` is an event {id, tenant, resource, objectId, type, occurredAt}',
    content: { 'text/event-stream': { schema: { type: 'string' } } },
  })
  stream(
    @Ctx() ctx: RequestContext,
    @Query() query: EventsQueryDto,
    @Headers('last-event-id') lastEventId: string | undefined,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    return this.subscriptions.open({
      tenant: ctx.tenant,
      expiresAt: request.caller?.expiresAt,
      resources: query.resource,
      lastEventId,
      request,
      reply,
    });
  }
}
