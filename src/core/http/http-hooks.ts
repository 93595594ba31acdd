import { Logger } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';
import { ErrorCode } from '../errors/error-code.js';
import { sendProblem } from '../errors/gateway-exception.filter.js';
import { GatewayError } from '../errors/gateway.error.js';
import { acceptsJson } from './accept.js';
import { conditionalGet } from './conditional-get.js';
import type { RouteTable } from './route-table.js';

export interface HookSettings {
  routes: RouteTable;
  requestDeadlineMs: number;
  /** True from SIGTERM on (read late: the app is built after the hooks). */
  isDraining(): boolean;
  /** True once shutdown refuses new requests. */
  isClosing(): boolean;
  /** Called once per answered request, with the route template (never the raw URL). */
  onAnswered(route: string, method: string, status: number, seconds: number): void;
}

/** Request-wide behaviour that runs in Fastify before or after Nest's routing. */
export function installHttpHooks(fastify: FastifyInstance, settings: HookSettings): void {
  const logger = new Logger('Errors');
  // JSON only: a text/plain body on a JSON route is a 415, not a string that fails validation.
  fastify.removeContentTypeParser(['text/plain']);
  fastify.addHook('onRoute', (route) => settings.routes.add(route.method, route.url));
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header('x-request-id', request.id);
    request.deadlineAt = Date.now() + settings.requestDeadlineMs;
    if (settings.isClosing()) {
      void reply.header('connection', 'close');
      sendProblem(
        request,
        reply,
        new GatewayError(ErrorCode.UpstreamUnavailable, 'The gateway is shutting down', {
          retryAfterSeconds: 1,
        }),
        logger,
      );
      return;
    }
    if (wantsJsonOnly(request.url) && !acceptsJson(request.headers.accept)) {
      sendProblem(
        request,
        reply,
        new GatewayError(ErrorCode.NotAcceptable, 'This resource is only available as JSON'),
        logger,
      );
      return;
    }
    done();
  });
  fastify.addHook('onSend', (request, reply, payload, done) => {
    if (settings.isDraining()) {
      // Keep-alive connections end with this response, so the server can finish closing.
      void reply.header('connection', 'close');
    }
    done(null, conditionalGet(request, reply, payload));
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    settings.onAnswered(
      request.routeOptions.url ?? 'unmatched',
      request.method,
      reply.statusCode,
      reply.elapsedTime / 1000,
    );
    done();
  });
}

/** `/v1` answers JSON, except an attachment's content (the file's own type) and the event stream. */
function wantsJsonOnly(url: string): boolean {
  const path = url.split('?')[0] ?? '';
  return path.startsWith('/v1/') && !path.endsWith('/content') && path !== '/v1/events';
}
