import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { RateLimiter } from '../security/rate-limiter.service.js';
import { CallerAuthentication } from './caller-authentication.service.js';
import { IS_PUBLIC } from './public.decorator.js';

/**
 * Every non-public route: identifies the caller and tenant (see CallerAuthentication), then charges
 * the request to the client's and tenant's rate limits. A request the fast lane already
 * identified and charged a hit's cost to (and could not answer) is only charged the rest.
 */
@Injectable()
export class CallerGuard implements CanActivate {
  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(CallerAuthentication) private readonly callers: CallerAuthentication,
    @Inject(RateLimiter) private readonly rateLimiter: RateLimiter,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (isPublic) {
      return true;
    }
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    if (!request.caller) {
      await this.callers.identify(request);
    }
    await this.rateLimiter.chargeRest(request, http.getResponse<FastifyReply>());
    return true;
  }
}
