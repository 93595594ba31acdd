import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { DestinationStream } from 'pino';
import { AppModule } from './app.module.js';
import { multipartOptions, rejectStrayMultipart } from './attachments/uploads.js';
import { loadConfig, type Environment } from './config/load-config.js';
import type { GatewayConfig } from './config/gateway-config.js';
import { ErrorCode } from './core/errors/error-code.js';
import { writeClientError } from './core/errors/client-error.js';
import { sendProblem } from './core/errors/gateway-exception.filter.js';
import { GatewayError } from './core/errors/gateway.error.js';
import { toGatewayError } from './core/errors/to-gateway-error.js';
import { acceptsJson } from './core/http/accept.js';
import { conditionalGet } from './core/http/conditional-get.js';
import { requestIdFor } from './core/http/request-id.js';
import { RouteTable } from './core/http/route-table.js';
import { createPinoLogger, PinoNestLogger } from './core/logging/logger.js';
import { setupOpenApi } from './core/openapi/openapi.js';
import { createValidationPipe } from './core/validation/validation-pipe.js';
import { applyHttpSecurity } from './security/http-security.js';
import { httpServerLimits } from './security/http-server-options.js';
import { knownSecrets, secretScrubber } from './security/log-scrubber.js';

export interface CreatedApp {
  app: NestFastifyApplication;
  config: GatewayConfig;
}

export interface CreateAppOptions {
  /** Where log lines go instead of stdout (tests read them). */
  logDestination?: DestinationStream;
}

/** Builds and initialises the gateway from an environment (process.env in production, any record in tests). */
export async function createApp(
  environment: Environment,
  options: CreateAppOptions = {},
): Promise<CreatedApp> {
  const config = loadConfig(environment);
  const pino = createPinoLogger(config.app.logLevel, {
    destination: options.logDestination,
    scrub: secretScrubber(knownSecrets(config)),
  });
  const routes = new RouteTable();
  const adapter = new FastifyAdapter({
    loggerInstance: pino,
    disableRequestLogging: true,
    bodyLimit: config.app.bodyLimitBytes,
    ...httpServerLimits(config.security.http),
    genReqId: requestIdFor,
    requestIdHeader: false,
    return503OnClosing: true,
    forceCloseConnections: 'idle',
    clientErrorHandler: writeClientError,
    multipart: multipartOptions(config.app.attachmentMaxBytes),
    // Errors Fastify raises before routing (a malformed URL) get the same problem body.
    frameworkErrors: (error: Error, request: FastifyRequest, reply: FastifyReply) => {
      sendProblem(request, reply, toGatewayError(error), new Logger('Errors'));
    },
  });
  const fastify = adapter.getInstance();
  // JSON only: a text/plain body on a JSON route is a 415, not a string that fails validation.
  fastify.removeContentTypeParser(['text/plain']);
  const errorLogger = new Logger('Errors');
  fastify.addHook('onRoute', (route) => routes.add(route.method, route.url));
  fastify.addHook('preValidation', rejectStrayMultipart);
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header('x-request-id', request.id);
    request.deadlineAt = Date.now() + config.upstream.requestDeadlineMs;
    if (wantsJsonOnly(request.url) && !acceptsJson(request.headers.accept)) {
      sendProblem(
        request,
        reply,
        new GatewayError(ErrorCode.NotAcceptable, 'This resource is only available as JSON'),
        errorLogger,
      );
      return;
    }
    done();
  });
  fastify.addHook('onSend', (request, reply, payload, done) => {
    done(null, conditionalGet(request, reply, payload));
  });
  fastify.setErrorHandler((error, request, reply) => {
    sendProblem(request, reply, toGatewayError(error), errorLogger);
  });
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.register(config, routes),
    adapter,
    {
      logger: new PinoNestLogger(pino),
    },
  );
  app.useGlobalPipes(createValidationPipe());
  applyHttpSecurity(app, config.security.cors);
  app.enableShutdownHooks();
  setupOpenApi(app);
  await app.init();
  return { app, config };
}

/** `/v1` answers JSON, except an attachment's content, which is the file's own type. */
function wantsJsonOnly(url: string): boolean {
  const path = url.split('?')[0] ?? '';
  return path.startsWith('/v1/') && !path.endsWith('/content');
}
