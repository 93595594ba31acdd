import type { ServerOptions } from 'node:http';
import type { HttpServerConfig } from '../config/security-config.js';

export interface FastifyServerLimits {
  connectionTimeout: number;
  keepAliveTimeout: number;
  requestTimeout: number;
  http: ServerOptions;
}

/**
 * Timeouts and header limits for the Fastify adapter. A slow client (slowloris: headers or body
 * dribbled in) is cut off once the headers or the whole request take too long; Node checks those
 * deadlines every `connectionsCheckingInterval`, kept well below the headers timeout.
 */
export function httpServerLimits(limits: HttpServerConfig): FastifyServerLimits {
  return {
    connectionTimeout: limits.connectionTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    requestTimeout: limits.requestTimeoutMs,
    http: {
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      keepAliveTimeout: limits.keepAliveTimeoutMs,
      maxHeaderSize: limits.maxHeaderBytes,
      connectionsCheckingInterval: Math.min(1000, Math.max(50, limits.headersTimeoutMs / 4)),
    },
  };
}
