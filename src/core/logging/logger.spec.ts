import { createPinoLogger, PinoNestLogger } from './logger.js';

function capture(): { lines: Record<string, unknown>[]; write(line: string): void } {
  const lines: Record<string, unknown>[] = [];
  return { lines, write: (line) => lines.push(JSON.parse(line) as Record<string, unknown>) };
}

describe('logger', () => {
  it('should write Nest log calls with their context, through the scrub hook', () => {
    const out = capture();
    const pino = createPinoLogger('info', {
      destination: out,
      scrub: (line) => line.replaceAll('s3cr3t-value', '[redacted]'),
    });
    const nest = new PinoNestLogger(pino);
    nest.log('token s3cr3t-value was refused', 'UpstreamClient');
    nest.error('failed with s3cr3t-value', 'Error: at x', 'Errors');
    nest.debug('not written at info', 'UpstreamClient');

    expect(out.lines).toHaveLength(2);
    expect(out.lines[0]).toMatchObject({
      level: 30,
      context: 'UpstreamClient',
      msg: 'token [redacted] was refused',
      service: 'helpdesk-gateway',
    });
    expect(out.lines[1]).toMatchObject({
      level: 50,
      context: 'Errors',
      stack: 'Error: at x',
      msg: 'failed with [redacted]',
    });
  });

  it('should still blank out secret fields of objects logged through pino itself', () => {
    const out = capture();
    const pino = createPinoLogger('info', { destination: out });
    new PinoNestLogger(pino).log('made a child', 'Test');
    pino.info({ upstream: { token: 'element-token', status: 401 } }, 'refused');

    expect(out.lines[1]).toMatchObject({ upstream: { token: '[redacted]', status: 401 } });
  });
});
