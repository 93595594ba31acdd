import {
  applyDecorators,
  HttpCode,
  Injectable,
  UseInterceptors,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
  type Type,
} from '@nestjs/common';
import { INTERCEPTORS_METADATA } from '@nestjs/common/constants.js';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { map, type Observable } from 'rxjs';
import { IdempotencyInterceptor } from '../../idempotency/idempotency.interceptor.js';

/** Sets `Location: <collection path>/<id of the created record>`. */
@Injectable()
export class LocationInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler<{ id?: unknown }>): Observable<unknown> {
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    return next.handle().pipe(
      map((body) => {
        if (typeof body?.id === 'string') {
          const collection = (request.url.split('?')[0] ?? '').replace(/\/+$/, '');
          void reply.header('location', `${collection}/${encodeURIComponent(body.id)}`);
        }
        return body;
      }),
    );
  }
}

/**
 * A POST that creates a record: 201 with the record and a Location header, and Idempotency-Key
 * handling (src/idempotency), which replays the whole answer, Location included.
 */
export const Created = (): MethodDecorator =>
  applyDecorators(
    HttpCode(201),
    UseInterceptors(LocationInterceptor),
    UseOutermostInterceptor(IdempotencyInterceptor),
  );

/**
 * Puts `interceptor` first among a route's own interceptors, whatever the order of the route's
 * decorators: a replayed answer then goes back without running the others (no second cache
 * invalidation), as when Idempotency-Key was handled by a global interceptor.
 */
function UseOutermostInterceptor(interceptor: Type<NestInterceptor>): MethodDecorator {
  return (_target, _key, descriptor) => {
    const route = descriptor.value as object;
    const others =
      (Reflect.getMetadata(INTERCEPTORS_METADATA, route) as unknown[] | undefined) ?? [];
    Reflect.defineMetadata(INTERCEPTORS_METADATA, [interceptor, ...others], route);
  };
}
