import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createApp } from './app.factory.js';
import { ConfigValidationError } from './config/config-validation.error.js';
import { readProcessEnvironment } from './config/environment.js';
import { DEV_CLIENT_KEY } from './config/clients.config.js';
import { startEmbeddedSandbox } from './embedded-sandbox.js';
import { handleSignals } from './lifecycle/graceful-shutdown.js';
import { listenOn } from './lifecycle/listen.js';

async function bootstrap(): Promise<void> {
  const env = readProcessEnvironment();
  const embedded = await startEmbeddedSandbox(env);
  const { app, config } = await createApp({ ...env, ...embedded?.env });
  const logger = new Logger('Bootstrap');
  if (embedded) {
    logger.warn(
      `Sandbox mode: CE_BASE_URL is not set, so the built-in Cloud Elements sandbox runs at ${embedded.sandbox.url} ` +
        `with demo data for tenant(s) ${[...config.tenants.keys()].join(', ')}. Set CE_BASE_URL to use a real Cloud Elements.`,
    );
    app.getHttpServer().once('close', () => void embedded.sandbox.close());
  }
  if (config.auth.devClient) {
    logger.warn(
      `Development client "dev" created with API key "${DEV_CLIENT_KEY}" (set GATEWAY_CLIENTS to replace it).`,
    );
  }
  handleSignals(
    app,
    { delayMs: config.app.shutdownDelayMs, drainMs: config.app.shutdownDrainMs },
    logger,
  );
  await listenOn(app, config.app.host, config.app.port);
  logger.log(`helpdesk-gateway listening on http://${config.app.host}:${config.app.port}`);
}

bootstrap().catch((error: unknown) => {
  if (error instanceof ConfigValidationError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    process.stderr.write(
      `Start-up failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
  }
  process.exit(1);
});
