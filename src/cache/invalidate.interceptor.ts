import {
  Inject,
  Injectable,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { mergeMap, type Observable } from 'rxjs';
import { INVALIDATES, requestParts, type ScopesOf } from './cached.decorator.js';
import { ResponseCache } from './response-cache.service.js';

/** After a successful write, invalidates what it changed before the answer leaves. */
@Injectable()
export class InvalidateInterceptor implements NestInterceptor {
  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(ResponseCache) private readonly cache: ResponseCache,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const scopesOf = this.reflector.get<ScopesOf>(INVALIDATES, context.getHandler());
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    return next.handle().pipe(
      mergeMap(async (result: unknown) => {
        if (request.tenant) {
          await this.cache.invalidate(request.tenant, scopesOf(requestParts(request)));
        }
        return result;
      }),
    );
  }
}
