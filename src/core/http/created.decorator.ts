import {
  applyDecorators,
  HttpCode,
  Injectable,
  SetMetadata,
  UseInterceptors,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { map, type Observable } from 'rxjs';

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

export const CREATES_RECORD = 'helpdesk-gateway:creates-record';

/**
 * A POST that creates a record: 201 with the record and a Location header. It also marks the
 * route for Idempotency-Key handling (see src/idempotency).
 */
export const Created = (): MethodDecorator =>
  applyDecorators(
    HttpCode(201),
    SetMetadata(CREATES_RECORD, true),
    UseInterceptors(LocationInterceptor),
  );
