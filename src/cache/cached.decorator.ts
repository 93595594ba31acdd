import { applyDecorators, SetMetadata, UseInterceptors } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
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

/** Fastify route config key under which a cached GET's policy is found by the cache hit lane. */
export const CACHED_ROUTE = 'hgwCachePolicy';

/**
 * A GET whose response is cached per tenant (see ResponseCache). The policy is also put in the
 * Fastify route config, so the cache hit lane can answer fresh hits before Nest's pipeline.
 */
export const Cached = (policy: CachePolicy): MethodDecorator =>
  applyDecorators(
    SetMetadata(CACHE_POLICY, policy),
    RouteConfig({ [CACHED_ROUTE]: policy }),
    UseInterceptors(ResponseCacheInterceptor),
  );

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
