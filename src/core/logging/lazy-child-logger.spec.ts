import { jest } from '@jest/globals';
import type { FastifyBaseLogger } from 'fastify';
import { pino } from 'pino';
import { Writable } from 'node:stream';
import { lazyChildLoggerFactory } from './lazy-child-logger.js';

function capture(): { logger: FastifyBaseLogger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      callback();
    },
  });
  const logger = pino({ level: 'info', redact: ['req.headers["x-api-key"]'] }, stream);
  return { logger: logger, lines };
}

function childOf(parent: FastifyBaseLogger): FastifyBaseLogger {
  const factory = lazyChildLoggerFactory as (
    this: unknown,
    logger: FastifyBaseLogger,
    bindings: Record<string, unknown>,
    options: Record<string, unknown>,
    request: unknown,
  ) => FastifyBaseLogger;
  return factory.call(undefined, parent, { reqId: 'req-1' }, {}, undefined);
}

describe('lazyChildLoggerFactory', () => {
  it('should not build the child until it logs, then log with its bindings', async () => {
    const { logger, lines } = capture();
    const child = jest.spyOn(logger, 'child');
    const log = childOf(logger);
    expect(child).not.toHaveBeenCalled();
    expect(log.level).toBe('info');
    log.debug('below the level');
    log.warn({ req: { headers: { 'x-api-key': 'secret' } } }, 'something happened');
    await new Promise((resolve) => setImmediate(resolve));
    expect(child).toHaveBeenCalledTimes(1);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ reqId: 'req-1', msg: 'something happened', level: 40 });
    expect(JSON.stringify(lines[0])).not.toContain('secret');
  });

  it('should follow a level set on it', () => {
    const { logger } = capture();
    const log = childOf(logger);
    log.level = 'error';
    expect(log.level).toBe('error');
    expect(logger.level).toBe('info');
  });
});
