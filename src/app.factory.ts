import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { LogController, type FastifyReply, type FastifyRequest } from 'fastify';
import type { DestinationStream } from 'pino';
import { AppModule } from './app.module.js';
import { CallerAuthentication } from './auth/caller-authentication.service.js';
import { installFastLane } from './cache/fast-lane.js';
import { LocalHitLane } from './cache/local-hit-lane.js';
import { TenantCircuits } from './upstream/resilience/tenant-circuits.service.js';
import { ResponseCache } from './cache/response-cache.service.js';
import { multipartOptions, rejectStrayMultipart } from './attachments/uploads.js';
import { loadConfig, type Environment } from './config/load-config.js';
import type { GatewayConfig } from './config/gateway-config.js';
import { writeClientError } from './core/errors/client-error.js';
import { sendProblem } from './core/errors/gateway-exception.filter.js';
import { toGatewayError } from './core/errors/to-gateway-error.js';
import { installHttpHooks } from './core/http/http-hooks.js';
import { requestIdFor } from './core/http/request-id.js';
import { serverAnsweringFirst } from './core/http/server-factory.js';
import { RouteTable } from './core/http/route-table.js';
import { lazyChildLoggerFactory } from './core/logging/lazy-child-logger.js';
import { createPinoLogger, PinoNestLogger } from './core/logging/logger.js';
import { setupOpenApi } from './core/openapi/openapi.js';
import { createValidationPipe } from './core/validation/validation-pipe.js';
import { DrainState } from './lifecycle/drain-state.js';
import { MetricsService } from './metrics/metrics.service.js';
import { applyHttpSecurity, headersOfEveryAnswer } from './security/http-security.js';
import { httpServerLimits } from './security/http-server-options.js';
import { RateLimiter } from './security/rate-limiter.service.js';
import { knownSecrets, SecretRedactor } from './security/secret-redactor.js';

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
  const secrets = new SecretRedactor(knownSecrets(config));
  const pino = createPinoLogger(config.app.logLevel, {
    destination: options.logDestination,
    scrub: (line) => secrets.redact(line),
  });
  const routes = new RouteTable();
  const localHits = new LocalHitLane(headersOfEveryAnswer(config.security.cors));
  const serverLimits = httpServerLimits(config.security.http);
  const adapter = new FastifyAdapter({
    // Fresh hits held in process are answered before Fastify (see LocalHitLane).
    serverFactory: serverAnsweringFirst(
      (request, response) => localHits.answer(request, response),
      serverLimits,
    ),
    loggerInstance: pino,
    childLoggerFactory: lazyChildLoggerFactory,
    // No per-request lines from Fastify: traffic is in the metrics, failures in the filter's log.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: config.app.bodyLimitBytes,
    ...serverLimits,
    genReqId: requestIdFor,
    requestIdHeader: false,
    // Requests arriving while closing get a contract 503 from the onRequest hook instead.
    return503OnClosing: false,
    forceCloseConnections: 'idle',
    clientErrorHandler: writeClientError,
    multipart: multipartOptions(config.app.attachmentMaxBytes),
    // Errors Fastify raises before routing (a malformed URL) get the same problem body.
    frameworkErrors: (error: Error, request: FastifyRequest, reply: FastifyReply) => {
      sendProblem(request, reply, toGatewayError(error), new Logger('Errors'));
    },
  });
  // The hooks are installed before Nest builds the app, so they read the drain state late.
  const lifecycle: { drain?: DrainState; metrics?: MetricsService } = {};
  adapter.getInstance().addHook('onRoute', (route) => localHits.addRoute(route));
  installHttpHooks(adapter.getInstance(), {
    routes,
    requestDeadlineMs: config.upstream.requestDeadlineMs,
    isDraining: () => lifecycle.drain?.draining === true,
    isClosing: () => lifecycle.drain?.closing === true,
    onAnswered: (route, method, status, seconds) => {
      lifecycle.metrics?.httpRequests.inc({ route, method, status });
      lifecycle.metrics?.httpDuration.observe({ route, method, status }, seconds);
    },
  });
  adapter.getInstance().addHook('preValidation', rejectStrayMultipart);
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.register(config, routes, secrets),
    adapter,
    {
      logger: new PinoNestLogger(pino),
      // Nest would add a form-urlencoded parser beside Fastify's JSON one; the contract takes JSON
      // only, so a form body must be a 415 like any other non-JSON body.
      bodyParser: false,
    },
  );
  app.useGlobalPipes(createValidationPipe());
  applyHttpSecurity(app, config.security.cors);
  installFastLane(adapter.getInstance(), {
    callers: app.get(CallerAuthentication),
    limiter: app.get(RateLimiter),
    cache: app.get(ResponseCache),
    circuits: app.get(TenantCircuits),
  });
  lifecycle.drain = app.get(DrainState);
  lifecycle.metrics = app.get(MetricsService);
  localHits.start({
    callers: app.get(CallerAuthentication),
    limiter: app.get(RateLimiter),
    cache: app.get(ResponseCache),
    metrics: app.get(MetricsService),
    isDraining: () => lifecycle.drain?.draining === true,
  });
  setupOpenApi(app);
  await app.init();
  return { app, config };
}
