import type { Scope } from '../../config/gateway-config.js';

/** Who is calling, established by the auth guard. */
export interface Caller {
  id: string;
  kind: 'api-key' | 'jwt';
  tenants: readonly string[];
  scopes: readonly Scope[];
  internal: boolean;
  /** When the credentials stop being valid (a JWT's `exp`, epoch ms); API keys do not expire. */
  expiresAt?: number;
}

/** What a service needs to know about the request it serves. */
export interface RequestContext {
  tenant: string;
  requestId: string;
  internal: boolean;
  /** Epoch ms by which the whole request must be answered. */
  deadlineAt: number;
}

declare module 'fastify' {
  interface FastifyRequest {
    caller?: Caller;
    tenant?: string;
    deadlineAt?: number;
  }
}
