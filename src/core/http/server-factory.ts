import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { FastifyServerFactory } from 'fastify';
import type { FastifyServerLimits } from '../../security/http-server-options.js';

/** Answers a request before Fastify sees it; false hands it to Fastify untouched. */
export type EarlyAnswer = (request: IncomingMessage, response: ServerResponse) => boolean;

/**
 * Fastify's HTTP/1 server (`serverFactory`) with one step in front of Fastify's handler. The
 * server gets the limits Fastify would have set on a server of its own making.
 */
export function serverAnsweringFirst(
  early: EarlyAnswer,
  limits: FastifyServerLimits,
): FastifyServerFactory<Server> {
  return (handler) => {
    const server = createServer(limits.http, (request, response) => {
      if (!early(request, response)) {
        handler(request, response);
      }
    });
    server.keepAliveTimeout = limits.keepAliveTimeout;
    server.requestTimeout = limits.requestTimeout;
    server.setTimeout(limits.connectionTimeout);
    return server;
  };
}
