import type { INestApplication, Logger } from '@nestjs/common';
import { DrainState } from './drain-state.js';

export interface ShutdownOptions {
  /** Keep serving (readiness already failing) this long before refusing new requests. */
  delayMs: number;
  /** Give in-flight requests at most this long, then stop anyway. */
  drainMs: number;
}

/**
 * SIGTERM: readiness turns 503 at once; after `delayMs`, new requests get a contract 503, in-flight
 * ones finish (bounded by `drainMs`), Redis and the upstream pool close. Resolves true when
 * everything closed in time.
 */
export async function shutDown(
  app: INestApplication,
  options: ShutdownOptions,
  logger: Logger,
): Promise<boolean> {
  const state = app.get(DrainState);
  state.draining = true;
  logger.log(`Draining: readiness now fails; closing in ${options.delayMs} ms`);
  await new Promise((resolve) => setTimeout(resolve, options.delayMs));
  state.closing = true;
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), options.drainMs);
  });
  // Nest destroys modules (the upstream pool, Redis) before it stops the HTTP server, so the server
  // is stopped first: in-flight requests finish while their dependencies are still open.
  const http = app.getHttpAdapter().getInstance() as { close(): Promise<void> };
  const closed = http
    .close()
    .then(() => app.close())
    .then(() => true);
  const inTime = await Promise.race([closed, timedOut]);
  clearTimeout(timer);
  logger.log(
    inTime
      ? 'Closed cleanly'
      : `In-flight requests still running after ${options.drainMs} ms; stopping anyway`,
  );
  return inTime;
}

/** Installs the handlers once: a second signal while draining stops at once. */
export function handleSignals(
  app: INestApplication,
  options: ShutdownOptions,
  logger: Logger,
): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (stopping) {
      logger.warn(`${signal} again: exiting now`);
      process.exit(1);
    }
    stopping = true;
    logger.log(`${signal} received`);
    void shutDown(app, options, logger).then((inTime) => process.exit(inTime ? 0 : 1));
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}
