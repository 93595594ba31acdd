import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { ErrorCode } from '../errors/error-code.js';
import { GatewayError } from '../errors/gateway.error.js';
import type { RequestContext } from './request-context.js';

/** Injects the RequestContext (tenant, request id, caller audience, deadline) into a handler. */
export const Ctx = createParamDecorator(
  (_data: unknown, context: ExecutionContext): RequestContext => {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    if (!request.caller || !request.tenant) {
      throw new GatewayError(
        ErrorCode.InternalError,
        'Route reached without an authenticated tenant',
      );
    }
    return {
      tenant: request.tenant,
      requestId: request.id,
      internal: request.caller.internal,
      deadlineAt: request.deadlineAt ?? Date.now(),
    };
  },
);
