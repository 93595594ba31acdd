import {
  Inject,
  Injectable,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { from, lastValueFrom, mergeMap, of, type Observable } from 'rxjs';
import { GatewayError } from '../core/errors/gateway.error.js';
import {
  CACHE_POLICY,
  INVALIDATES,
  requestParts,
  type CachePolicy,
  type ScopesOf,
} from './cached.decorator.js';
import { cacheRequestFor, setCachedResponseHeaders, setUncachedStatus } from './cache-request.js';
import { ResponseCache } from './response-cache.service.js';

/** Serves a cached GET from ResponseCache and sets Cache-Status, Age, ETag and Cache-Control. */
@Injectable()
export class ResponseCacheInterceptor implements NestInterceptor {
  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(ResponseCache) private readonly cache: ResponseCache,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const policy = this.reflector.get<CachePolicy>(CACHE_POLICY, context.getHandler());
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    if (!this.cache.enabled || !request.tenant) {
      setUncachedStatus(reply, false);
      return next.handle();
    }
    // The fast lane leaves its request and read when it could not answer.
    const lookup = request.cacheLookup;
    const served = this.cache.serve(
      lookup?.request ?? cacheRequestFor(request, request.tenant, policy),
      () => lastValueFrom(next.handle()),
      lookup?.probe,
    );
    return from(
      served.catch((error: unknown) => {
        // A remembered 404 carries its own Cache-Status and Age (the exception filter sets them);
        // any other error is the upstream's answer to this very request.
        if (!(error instanceof GatewayError && error.headers?.['cache-status'])) {
          setUncachedStatus(reply, true);
        }
        throw error;
      }),
    ).pipe(
      mergeMap((response) => {
        setCachedResponseHeaders(reply, response);
        return of(response.body);
      }),
    );
  }
}

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
