import { applyDecorators, SetMetadata, UseInterceptors } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import type { FastifyRequest } from 'fastify';
import type { CachedResource } from '../config/gateway-config.js';
import { InvalidateInterceptor } from './invalidate.interceptor.js';
import { ServedFromCache } from './served-from-cache.js';

/**
 * The route parameters a scope is built from. Every scoped route is keyed by `:id` (an incident,
 * contact or account); the routes without one (lists, lookups) never read it.
 */
export interface ScopeParams {
  readonly id: string;
}

export type ScopesOf = (request: {
  params: ScopeParams;
  query: Record<string, unknown>;
}) => string[];

export interface CachePolicy {
  resource: CachedResource;
  /** The generation scopes the response depends on. */
  scopes: ScopesOf;
}

export const INVALIDATES = 'helpdesk-gateway:invalidates';

/** Fastify route config key under which a cached GET's policy is found by the fast lane. */
export const CACHED_ROUTE = 'hgwCachePolicy';

/**
 * A GET whose response is cached per tenant (see ResponseCache). The policy is also put in the
 * Fastify route config, so the fast lane can answer fresh hits and fast fails before Nest's pipeline.
 */
export const Cached = (policy: CachePolicy): MethodDecorator =>
  applyDecorators(RouteConfig({ [CACHED_ROUTE]: policy }), ServedFromCache());

/** A write that, once it succeeded, invalidates the given scopes for its tenant. */
export const Invalidates = (scopes: ScopesOf): MethodDecorator =>
  applyDecorators(SetMetadata(INVALIDATES, scopes), UseInterceptors(InvalidateInterceptor));

export function requestParts(request: FastifyRequest): {
  params: ScopeParams;
  query: Record<string, unknown>;
} {
  return {
    params: (request.params ?? {}) as ScopeParams,
    query: (request.query ?? {}) as Record<string, unknown>,
  };
}
