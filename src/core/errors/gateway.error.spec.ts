import { ErrorCode } from './error-code.js';
import { GatewayError } from './gateway.error.js';

describe('GatewayError', () => {
  it('captures no stack frames for a contract error, which is an answer, not a fault', () => {
    const error = new GatewayError(ErrorCode.NotFound, 'No such incident');

    expect(error.stack).toBe('GatewayError: No such incident');
    expect(error.message).toBe('No such incident');
  });

  it('keeps the stack of an internal error, which is logged', () => {
    const error = new GatewayError(ErrorCode.InternalError, 'Something went wrong');

    expect(error.stack?.split('\n').length).toBeGreaterThan(1);
    expect(error.stack).toContain('gateway.error.spec');
  });

  it('leaves the process-wide stack trace limit as it was', () => {
    const before = Error.stackTraceLimit;

    new GatewayError(ErrorCode.Unauthenticated, 'Missing credentials');

    expect(Error.stackTraceLimit).toBe(before);
    expect(new Error('plain').stack?.split('\n').length).toBeGreaterThan(1);
  });
});
