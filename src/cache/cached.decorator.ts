import { applyDecorators, SetMetadata, UseInterceptors } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { CachedResource } from '../config/gateway-config.js';
import { InvalidateInterceptor, ResponseCacheInterceptor } from './cache.interceptors.js';

export type ScopesOf = (request: {
  params: Record<string, string>;
  query: Record<string, unknown>;
}) => string[];

export interface CachePolicy {
  resource: CachedResource;
  /** The generation scopes the response depends on. */
  scopes: ScopesOf;
}

export const CACHE_POLICY = 'helpdesk-gateway:cache-policy';
export const INVALIDATES = 'helpdesk-gateway:invalidates';

/** A GET whose response is cached per tenant (see ResponseCache). */
export const Cached = (policy: CachePolicy): MethodDecorator =>
  applyDecorators(SetMetadata(CACHE_POLICY, policy), UseInterceptors(ResponseCacheInterceptor));

/** A write that, once it succeeded, invalidates the given scopes for its tenant. */
export const Invalidates = (scopes: ScopesOf): MethodDecorator =>
  applyDecorators(SetMetadata(INVALIDATES, scopes), UseInterceptors(InvalidateInterceptor));

export function requestParts(request: FastifyRequest): {
  params: Record<string, string>;
  query: Record<string, unknown>;
} {
  return {
    params: (request.params ?? {}) as Record<string, string>,
    query: (request.query ?? {}) as Record<string, unknown>,
  };
}
