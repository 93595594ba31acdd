import {
  Catch,
  Inject,
  Logger,
  NotFoundException,
  type ArgumentsHost,
  type ExceptionFilter,
} from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { RouteTable } from '../http/route-table.js';
import { ERROR_CODES, ErrorCode } from './error-code.js';
import { GatewayError } from './gateway.error.js';
import { toProblemDetails } from './problem-details.js';
import { toGatewayError } from './to-gateway-error.js';

/** The one exception filter: every error leaves as application/problem+json with X-Error-Code. */
@Catch()
export class GatewayExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  constructor(@Inject(RouteTable) private readonly routes: RouteTable) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    sendProblem(request, reply, this.resolve(exception, request), this.logger);
  }

  private resolve(exception: unknown, request: FastifyRequest): GatewayError {
    if (exception instanceof NotFoundException) {
      const path = request.url.split('?')[0] ?? '/';
      const allowed = this.routes.allowedMethods(path);
      // A 404 raised on a route that takes this method is a real 404, never a 405.
      if (allowed.length > 0 && !allowed.includes(request.method)) {
        return new GatewayError(
          ErrorCode.MethodNotAllowed,
          `${request.method} is not allowed on this path`,
          {
            headers: { allow: allowed.join(', ') },
          },
        );
      }
    }
    return toGatewayError(exception);
  }
}

/** Renders a GatewayError; shared with Fastify-level hooks that answer before Nest routing. */
export function sendProblem(
  request: FastifyRequest,
  reply: FastifyReply,
  error: GatewayError,
  logger: Logger,
): void {
  const status: number = ERROR_CODES[error.code].status;
  if (error.code === ErrorCode.InternalError) {
    const cause = error.cause instanceof Error ? error.cause : error;
    logger.error(
      `${request.method} ${request.routeOptions.url ?? 'unmatched'} failed [${request.id}]`,
      cause.stack,
    );
  } else if (status >= 500) {
    const line = `${error.code} on ${request.method} ${request.routeOptions.url ?? 'unmatched'} [${request.id}]: ${error.message}`;
    if (error.expected) {
      logger.debug(line);
    } else {
      logger.warn(line);
    }
  }
  if (reply.sent) {
    return;
  }
  const problem = toProblemDetails(error, {
    instance: request.url.split('?')[0] ?? '/',
    requestId: request.id,
    internal: request.caller?.internal === true,
  });
  void reply
    .status(status)
    .headers({
      ...error.headers,
      'content-type': 'application/problem+json',
      'x-error-code': error.code,
    })
    .headers(
      error.retryAfterSeconds === undefined
        ? {}
        : { 'retry-after': String(error.retryAfterSeconds) },
    )
    .send(JSON.stringify(problem));
}
