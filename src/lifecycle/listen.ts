import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ConfigValidationError } from '../config/config-validation.error.js';

/** Errors of `listen` that come from HOST or PORT, not from the gateway. */
const ADDRESS_ERRORS = new Set(['EADDRINUSE', 'EADDRNOTAVAIL', 'EACCES', 'ENOTFOUND', 'EAI_AGAIN']);

/**
 * Starts listening; a host that does not resolve or a port that is taken or not allowed is
 * reported as a configuration problem naming HOST and PORT, not as a stack trace.
 */
export async function listenOn(
  app: NestFastifyApplication,
  host: string,
  port: number,
): Promise<void> {
  try {
    await app.listen({ host, port });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException | undefined)?.code;
    if (code && ADDRESS_ERRORS.has(code)) {
      throw new ConfigValidationError([
        `HOST, PORT: cannot listen on ${host}:${port} (${(error as Error).message})`,
      ]);
    }
    throw error;
  }
}
