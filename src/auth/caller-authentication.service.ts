import { Inject, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { IncomingHttpHeaders } from 'node:http';
import type { Scope } from '../config/gateway-config.js';
import { ErrorCode } from '../core/errors/error-code.js';
import { GatewayError } from '../core/errors/gateway.error.js';
import { sentMoreThanOnce } from '../core/http/raw-headers.js';
import type { Caller } from '../core/http/request-context.js';
import { MetricsService } from '../metrics/metrics.service.js';
import { ApiKeyAuthenticator } from './api-key.authenticator.js';
import { readCredentials, unauthenticated } from './credentials.js';
import { JwtAuthenticator } from './jwt.authenticator.js';
import { selectTenant } from './tenant-selection.js';

/**
 * Who is calling and for which tenant: authenticates the caller (X-Api-Key or a bearer JWT), picks
 * the tenant (X-Tenant-Id, or the caller's only one) and checks the scope the method needs
 * (helpdesk:read for GET/HEAD, helpdesk:write for the rest). Used by the guard and by the fast
 * lane, which answers hits and fast fails before Nest's pipeline.
 */
@Injectable()
export class CallerAuthentication {
  constructor(
    @Inject(ApiKeyAuthenticator) private readonly apiKeys: ApiKeyAuthenticator,
    @Inject(JwtAuthenticator) private readonly jwts: JwtAuthenticator,
    @Inject(MetricsService) private readonly metrics: MetricsService,
  ) {}

  /**
   * Sets `request.caller` and `request.tenant`, or throws the contract error: 401 for missing,
   * invalid or repeated credentials, 400 for a repeated or missing-but-needed X-Tenant-Id, 403 for
   * a tenant or scope the caller lacks.
   */
  async identify(request: FastifyRequest): Promise<void> {
    const caller = await this.authenticate(request);
    request.tenant = admit(caller, request.headers, request.raw.rawHeaders, request.method);
    request.caller = caller;
  }

  /**
   * The caller and tenant of a request with an X-Api-Key that passes every check of `identify`,
   * found without waiting and without counting anything; undefined for anything else (a bearer
   * token, a refusal), which `identify` then handles and counts.
   */
  identifyApiKeyNow(
    headers: IncomingHttpHeaders,
    rawHeaders: readonly string[],
    method: string,
  ): { caller: Caller; tenant: string } | undefined {
    const apiKey = headers['x-api-key'];
    if (typeof apiKey !== 'string') {
      return undefined;
    }
    try {
      const credentials = readCredentials(headers, rawHeaders);
      const caller =
        credentials.kind === 'api-key' ? this.apiKeys.authenticate(credentials.key) : undefined;
      return caller ? { caller, tenant: admit(caller, headers, rawHeaders, method) } : undefined;
    } catch {
      return undefined;
    }
  }

  private async authenticate(request: FastifyRequest): Promise<Caller> {
    let credentials;
    try {
      credentials = readCredentials(request.headers, request.raw.rawHeaders);
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
}

/** The tenant the authenticated caller acts for, once its tenant and scope are checked. */
function admit(
  caller: Caller,
  headers: IncomingHttpHeaders,
  rawHeaders: readonly string[],
  method: string,
): string {
  const tenantHeader = headers['x-tenant-id'];
  const repeated = sentMoreThanOnce(tenantHeader, rawHeaders, 'x-tenant-id');
  const tenant = selectTenant(caller, tenantHeader, repeated);
  checkScope(caller, method);
  return tenant;
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
