import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { RouteConfig } from '@nestjs/platform-fastify';
import { ErrorCode } from '../core/errors/error-code.js';
import { GatewayError } from '../core/errors/gateway.error.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Set on the routes that take a multipart upload. */
    acceptsFileUpload?: boolean;
  }
}

/** Marks the one kind of route that takes a multipart body. */
export const AcceptsFileUpload = (): MethodDecorator => RouteConfig({ acceptsFileUpload: true });

/** `@fastify/multipart` options: one file up to the attachment limit, and little room for more. */
export function multipartOptions(maxFileBytes: number) {
  return {
    limits: {
      files: 1,
      fileSize: maxFileBytes,
      fields: 4,
      fieldSize: 1024,
      fieldNameSize: 100,
      parts: 5,
      headerPairs: 20,
    },
    throwFileSizeLimit: true,
  };
}

/**
 * A `preValidation` hook: a multipart body on a route that takes JSON is a 415, as it was
 * before the multipart parser was registered (that parser accepts multipart on every route).
 */
export function rejectStrayMultipart(
  request: FastifyRequest,
  _reply: FastifyReply,
  done: HookHandlerDoneFunction,
): void {
  if (request.isMultipart() && request.routeOptions.config.acceptsFileUpload !== true) {
    done(
      new GatewayError(
        ErrorCode.UnsupportedMediaType,
        'The request body must be application/json',
        {
          headers: { connection: 'close' },
        },
      ),
    );
    return;
  }
  done();
}
