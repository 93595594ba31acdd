import { Logger, type SecurityHeadersOptions } from '@nestjs/common';
import { resolveSecurityHeaders } from '@nestjs/core/security/security-headers.js';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance } from 'fastify';
import type { CorsConfig } from '../config/security-config.js';
import { ErrorCode } from '../core/errors/error-code.js';
import { sendProblem } from '../core/errors/gateway-exception.filter.js';
import { GatewayError } from '../core/errors/gateway.error.js';
import { RateLimiter } from './rate-limiter.service.js';

/** Response headers a browser script may read (beyond the CORS-safelisted ones). */
const EXPOSED_HEADERS = [
  'X-Request-Id',
  'X-Error-Code',
  'RateLimit-Limit',
  'RateLimit-Remaining',
  'RateLimit-Reset',
  'RateLimit-Policy',
  'Retry-After',
  'Cache-Status',
  'Age',
  'ETag',
  'Location',
  'Content-Disposition',
  'WWW-Authenticate',
];
/** Request headers a browser may send. Not X-Api-Key: service keys do not belong in browsers. */
const ALLOWED_HEADERS = [
  'Authorization',
  'Content-Type',
  'X-Tenant-Id',
  'X-Request-Id',
  'If-Match',
  'If-None-Match',
  'Idempotency-Key',
  'Cache-Control',
  // EventSource resumes a stream with it.
  'Last-Event-ID',
];
const METHODS = ['GET', 'HEAD', 'POST', 'PATCH', 'DELETE'];

/** The API serves JSON and files only: nothing in a response may load, run or be framed. */
const API_CSP = {
  defaultSrc: ["'none'"],
  frameAncestors: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'none'"],
};
const SECURITY_HEADERS: SecurityHeadersOptions = {
  contentSecurityPolicy: { useDefaults: false, directives: API_CSP },
  xFrameOptions: { action: 'deny' },
  // Headers that only steer how a browser treats an HTML page (OWASP's REST set leaves them out);
  // each one costs every answer its validation and bytes.
  originAgentCluster: false,
  xDnsPrefetchControl: false,
  xDownloadOptions: false,
  xPermittedCrossDomainPolicies: false,
  xXssProtection: false,
};

/**
 * The headers every API answer carries whatever it is, as name, value, name, value: the security
 * headers Nest sets (resolved from the same options) and, with CORS on, `Vary: Origin` as
 * @fastify/cors sets it on every answer. For answers given before Fastify (LocalHitLane).
 */
export function headersOfEveryAnswer(cors: CorsConfig): string[] {
  const flat = resolveSecurityHeaders(SECURITY_HEADERS).headers.flatMap(([name, value]) => [
    name,
    value,
  ]);
  return cors.origins.length > 0 ? [...flat, 'vary', 'Origin'] : flat;
}

/** The docs viewer (Swagger UI) loads its own scripts and styles, inline styles and data: icons. */
const DOCS_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/**
 * Browser-facing hardening and the rate limit hook, applied before `app.init()`: a CORS allow-list
 * (@fastify/cors through Nest), helmet-equivalent security headers (Nest's built-in
 * `useSecurityHeaders`, no extra dependency) and the refund of cache hits to the rate limits.
 */
export function applyHttpSecurity(app: NestFastifyApplication, cors: CorsConfig): void {
  const fastify: FastifyInstance = app.getHttpAdapter().getInstance();
  if (cors.origins.length > 0) {
    const allowed = new Set(cors.origins);
    app.enableCors({
      origin: (origin, callback) =>
        callback(null, origin !== undefined && allowed.has(origin) ? origin : false),
      methods: METHODS,
      allowedHeaders: ALLOWED_HEADERS,
      exposedHeaders: EXPOSED_HEADERS,
      credentials: cors.allowCredentials,
      maxAge: cors.maxAgeSeconds,
      strictPreflight: true,
    });
  }
  app.useSecurityHeaders(SECURITY_HEADERS);
  const errors = new Logger('Errors');
  fastify.addHook('onRequest', (request, reply, done) => {
    // An allowed preflight was answered by the CORS hook already; any other one is refused here.
    if (request.method === 'OPTIONS' && isPreflight(request.headers)) {
      sendProblem(
        request,
        reply,
        new GatewayError(
          ErrorCode.Forbidden,
          'Cross-origin requests from this origin are not allowed',
        ),
        errors,
      );
      return;
    }
    done();
  });
  const limiter = app.get(RateLimiter);
  // Callback style, and asynchronous only when a refund is due: most answers pass straight through.
  fastify.addHook('onSend', (request, reply, payload, done) => {
    if (isDocs(request.url)) {
      void reply.header('content-security-policy', DOCS_CSP);
    }
    const ticket = request.rateLimit;
    if (
      !ticket ||
      ticket.charged <= limiter.cacheHitCost ||
      !isCacheHit(reply.getHeader('cache-status'))
    ) {
      done(null, payload);
      return;
    }
    limiter.refundCacheHit(ticket).then(
      (headers) => {
        if (headers) {
          void reply.headers(headers);
        }
        done(null, payload);
      },
      (error: Error) => done(error),
    );
  });
}

function isPreflight(headers: Record<string, unknown>): boolean {
  return headers.origin !== undefined && headers['access-control-request-method'] !== undefined;
}

function isDocs(url: string): boolean {
  return url === '/docs' || url.startsWith('/docs/') || url.startsWith('/docs?');
}

function isCacheHit(cacheStatus: unknown): boolean {
  return typeof cacheStatus === 'string' && /;\s*hit\b/.test(cacheStatus);
}
