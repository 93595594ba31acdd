import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import type { Scope } from '../config/gateway-config.js';
import { ErrorCode } from '../core/errors/error-code.js';
import { GatewayError } from '../core/errors/gateway.error.js';
import type { Caller } from '../core/http/request-context.js';
import { ApiKeyAuthenticator } from './api-key.authenticator.js';
import { IS_PUBLIC } from './public.decorator.js';

const TENANT_HEADER = 'x-tenant-id';

/**
 * Authenticates the caller, picks the tenant (X-Tenant-Id, or the caller's only one) and checks
 * the scope the method needs: helpdesk:read for GET/HEAD, helpdesk:write for the rest.
 */
@Injectable()
export class CallerGuard implements CanActivate {
  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(ApiKeyAuthenticator) private readonly apiKeys: ApiKeyAuthenticator,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (isPublic) {
      return true;
    }
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const caller = this.authenticate(request);
    request.caller = caller;
    request.tenant = selectTenant(caller, request.headers[TENANT_HEADER]);
    const needed: Scope =
      request.method === 'GET' || request.method === 'HEAD' ? 'helpdesk:read' : 'helpdesk:write';
    if (!caller.scopes.includes(needed)) {
      throw new GatewayError(ErrorCode.Forbidden, `This caller lacks the ${needed} scope`);
    }
    return true;
  }

  private authenticate(request: FastifyRequest): Caller {
    const apiKey = request.headers['x-api-key'];
    if (typeof apiKey === 'string' && apiKey.length > 0 && apiKey.length <= 512) {
      const caller = this.apiKeys.authenticate(apiKey);
      if (caller) {
        return caller;
      }
    }
    throw new GatewayError(ErrorCode.Unauthenticated, 'Missing or invalid credentials', {
      headers: { 'www-authenticate': 'ApiKey header="X-Api-Key", Bearer' },
    });
  }
}

function selectTenant(caller: Caller, header: string | string[] | undefined): string {
  if (Array.isArray(header)) {
    throw new GatewayError(ErrorCode.ValidationFailed, 'X-Tenant-Id must be given once', {
      errors: [{ field: 'X-Tenant-Id', message: 'must be given once' }],
    });
  }
  if (header === undefined || header === '') {
    if (caller.tenants.length === 1) {
      return caller.tenants[0] as string;
    }
    throw new GatewayError(
      ErrorCode.ValidationFailed,
      'X-Tenant-Id is required for callers with several tenants',
      {
        errors: [{ field: 'X-Tenant-Id', message: 'is required: this caller has several tenants' }],
      },
    );
  }
  if (!caller.tenants.includes(header)) {
    throw new GatewayError(ErrorCode.Forbidden, 'This caller has no access to that tenant');
  }
  return header;
}
