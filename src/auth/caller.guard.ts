import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Scope } from '../config/gateway-config.js';
import { ErrorCode } from '../core/errors/error-code.js';
import { GatewayError } from '../core/errors/gateway.error.js';
import type { Caller } from '../core/http/request-context.js';
import { MetricsService } from '../metrics/metrics.service.js';
import { RateLimiter } from '../security/rate-limiter.service.js';
import { ApiKeyAuthenticator } from './api-key.authenticator.js';
import { readCredentials, unauthenticated } from './credentials.js';
import { JwtAuthenticator } from './jwt.authenticator.js';
import { IS_PUBLIC } from './public.decorator.js';
import { selectTenant } from './tenant-selection.js';

/**
 * Authenticates the caller (X-Api-Key or a bearer JWT), picks the tenant (X-Tenant-Id, or the
 * caller's only one), checks the scope the method needs (helpdesk:read for GET/HEAD,
 * helpdesk:write for the rest), then charges the request to the client's and tenant's rate limits.
 */
@Injectable()
export class CallerGuard implements CanActivate {
  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(ApiKeyAuthenticator) private readonly apiKeys: ApiKeyAuthenticator,
    @Inject(JwtAuthenticator) private readonly jwts: JwtAuthenticator,
    @Inject(RateLimiter) private readonly rateLimiter: RateLimiter,
    @Inject(MetricsService) private readonly metrics: MetricsService,
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
    const caller = await this.authenticate(request);
    request.caller = caller;
    request.tenant = selectTenant(caller, request.headers['x-tenant-id']);
    checkScope(caller, request.method);
    await this.limit(request, http.getResponse<FastifyReply>());
    return true;
  }

  private async authenticate(request: FastifyRequest): Promise<Caller> {
    let credentials;
    try {
      credentials = readCredentials(request.headers);
    } catch (error) {
      this.metrics.authFailures.inc({ reason: 'missing' });
      throw error;
    }
    if (credentials.kind === 'bearer') {
      return this.jwts.authenticate(credentials.token);
    }
    const caller = this.apiKeys.authenticate(credentials.key);
    if (!caller) {
      this.metrics.authFailures.inc({ reason: 'api_key' });
      throw unauthenticated();
    }
    return caller;
  }

  private async limit(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const outcome = await this.rateLimiter.admit(
      (request.caller as Caller).id,
      request.tenant as string,
    );
    if (!outcome) {
      return;
    }
    void reply.headers(outcome.headers);
    if (!outcome.admitted) {
      throw new GatewayError(
        ErrorCode.RateLimited,
        `This ${outcome.exceeded ?? 'client'} has used up its request budget for now`,
        { retryAfterSeconds: outcome.retryAfterSeconds, headers: outcome.headers },
      );
    }
    request.rateLimit = outcome.ticket;
  }
}

function checkScope(caller: Caller, method: string): void {
  const needed: Scope = method === 'GET' || method === 'HEAD' ? 'helpdesk:read' : 'helpdesk:write';
  if (!caller.scopes.includes(needed)) {
    throw new GatewayError(ErrorCode.Forbidden, `This caller lacks the ${needed} scope`, {
      headers:
        caller.kind === 'jwt'
          ? { 'www-authenticate': `Bearer error="insufficient_scope", scope="${needed}"` }
          : undefined,
    });
  }
}
