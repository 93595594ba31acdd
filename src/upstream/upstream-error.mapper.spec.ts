import { ERROR_CODES, ErrorCode } from '../core/errors/error-code.js';
import { mapUpstreamFailure } from './upstream-error.mapper.js';
import {
  UpstreamFailure,
  parseRetryAfter,
  type UpstreamFailureDetails,
} from './upstream-failure.js';

const hub = (details: Partial<UpstreamFailureDetails>): UpstreamFailure =>
  new UpstreamFailure({ kind: 'status', phase: 'hub', method: 'GET', ...details });

describe(mapUpstreamFailure.name, () => {
  it.each<[string, Partial<UpstreamFailureDetails>, ErrorCode]>([
    ['400', { status: 400 }, ErrorCode.UpstreamRejected],
    ['401', { status: 401 }, ErrorCode.UpstreamAuthFailed],
    ['403', { status: 403 }, ErrorCode.UpstreamAccessDenied],
    ['404', { status: 404 }, ErrorCode.NotFound],
    ['405', { status: 405 }, ErrorCode.UpstreamRejected],
    ['406', { status: 406 }, ErrorCode.UpstreamRejected],
    ['409', { status: 409 }, ErrorCode.Conflict],
    ['412', { status: 412 }, ErrorCode.PreconditionFailed],
    ['413', { status: 413 }, ErrorCode.PayloadTooLarge],
    ['415', { status: 415 }, ErrorCode.UpstreamRejected],
    ['410 (unexpected 4xx)', { status: 410 }, ErrorCode.UpstreamError],
    ['418 (unexpected 4xx)', { status: 418 }, ErrorCode.UpstreamError],
    ['422 (unexpected 4xx)', { status: 422 }, ErrorCode.UpstreamError],
    ['429', { status: 429 }, ErrorCode.UpstreamRateLimited],
    ['500', { status: 500 }, ErrorCode.UpstreamError],
    ['501', { status: 501 }, ErrorCode.UpstreamError],
    ['502', { status: 502 }, ErrorCode.UpstreamError],
    ['503', { status: 503 }, ErrorCode.UpstreamUnavailable],
    ['504', { status: 504 }, ErrorCode.UpstreamTimeout],
    ['599 (unknown 5xx)', { status: 599 }, ErrorCode.UpstreamError],
    ['302 (unexpected)', { status: 302 }, ErrorCode.UpstreamError],
    ['a timeout', { kind: 'timeout', status: undefined }, ErrorCode.UpstreamTimeout],
    [
      'connection refused',
      { kind: 'network', networkCode: 'ECONNREFUSED' },
      ErrorCode.UpstreamUnavailable,
    ],
    [
      'connection reset',
      { kind: 'network', networkCode: 'ECONNRESET' },
      ErrorCode.UpstreamUnavailable,
    ],
    ['DNS failure', { kind: 'network', networkCode: 'ENOTFOUND' }, ErrorCode.UpstreamUnavailable],
    ['an unreadable body', { kind: 'invalid-body', status: 200 }, ErrorCode.UpstreamError],
    ['instance 401', { phase: 'instance', status: 401 }, ErrorCode.UpstreamAuthFailed],
    ['instance 404', { phase: 'instance', status: 404 }, ErrorCode.UpstreamAuthFailed],
    [
      'instance without token',
      { phase: 'instance', kind: 'invalid-body' },
      ErrorCode.UpstreamAuthFailed,
    ],
    ['instance 503', { phase: 'instance', status: 503 }, ErrorCode.UpstreamUnavailable],
  ])('should map %s to its code', (_label, details, code) => {
    expect(mapUpstreamFailure(hub(details)).code).toBe(code);
  });

  it('should keep Retry-After and the failure as cause', () => {
    const failure = hub({ status: 429, retryAfterSeconds: 7 });
    const error = mapUpstreamFailure(failure);
    expect(error.retryAfterSeconds).toBe(7);
    expect(error.cause).toBe(failure);
  });

  it('should make UPSTREAM_ERROR retryable for GET only', () => {
    expect(mapUpstreamFailure(hub({ status: 500, method: 'GET' })).retryable).toBe(true);
    expect(mapUpstreamFailure(hub({ status: 500, method: 'POST' })).retryable).toBe(false);
    expect(ERROR_CODES[ErrorCode.UpstreamTimeout].retryable).toBe(true);
  });

  it('should name the subject on a 404 and keep upstream detail for internal callers', () => {
    const error = mapUpstreamFailure(
      hub({
        status: 404,
        subject: 'incident with id X1',
        upstreamRequestId: 'r-1',
        ceMessage: 'No incident found',
      }),
    );
    expect(error.detail).toBe('No incident with id X1');
    expect(error.upstream).toEqual({
      status: 404,
      requestId: 'r-1',
      message: 'No incident found',
      providerMessage: undefined,
    });
  });
});

describe(parseRetryAfter.name, () => {
  const now = Date.parse('2026-01-31T12:00:00Z');
  it.each<[string | undefined, number | undefined]>([
    ['5', 5],
    [' 12 ', 12],
    ['0', 0],
    ['999999', 3600],
    ['Sat, 31 Jan 2026 12:00:30 GMT', 30],
    ['Sat, 31 Jan 2026 11:00:00 GMT', 0],
    ['soon', undefined],
    ['-3', undefined],
    ['', undefined],
    [undefined, undefined],
  ])('should read %j as %j seconds', (value, expected) => {
    expect(parseRetryAfter(value, now)).toBe(expected);
  });
});
