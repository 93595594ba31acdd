import { SecretRedactor } from '../security/secret-redactor.js';
import { statusFailure, upstreamRequestId, type RawExchange } from './upstream-exchange.js';

describe(statusFailure.name, () => {
  const secrets = new SecretRedactor(['org-secret-value']);
  const request: RawExchange = { method: 'GET', path: '/x', headers: {}, phase: 'hub' };

  it('should mask secrets in the upstream message, provider message and body request id', () => {
    secrets.add('element-token-fetched-later');
    const failure = statusFailure(
      {
        status: 500,
        headers: {},
        text: JSON.stringify({
          requestId: 'id-element-token-fetched-later',
          message: 'Bad call with org-secret-value',
          providerMessage: 'Token element-token-fetched-later refused',
        }),
      },
      request,
      secrets,
    );
    expect(failure.details).toEqual(
      expect.objectContaining({
        upstreamRequestId: 'id-[redacted]',
        ceMessage: 'Bad call with [redacted]',
        providerMessage: 'Token [redacted] refused',
      }),
    );
  });

  it('should prefer the request id read from the Elements-Request-Id header', () => {
    const failure = statusFailure(
      { status: 404, headers: {}, text: '{"requestId":"from-body"}', upstreamRequestId: 'hdr' },
      request,
      secrets,
    );
    expect(failure.details.upstreamRequestId).toBe('hdr');
  });

  it('should bound a long upstream message', () => {
    const failure = statusFailure(
      { status: 400, headers: {}, text: JSON.stringify({ message: 'x'.repeat(5000) }) },
      request,
      secrets,
    );
    expect(failure.details.ceMessage).toHaveLength(1000);
  });
});

describe(upstreamRequestId.name, () => {
  const secrets = new SecretRedactor(['org-secret-value']);

  it('should mask secrets and keep at most 128 characters', () => {
    expect(upstreamRequestId('ce-org-secret-value', secrets)).toBe('ce-[redacted]');
    expect(upstreamRequestId('a'.repeat(500), secrets)).toHaveLength(128);
    expect(upstreamRequestId('5b0437c6e4b07731ae39b533', secrets)).toBe('5b0437c6e4b07731ae39b533');
  });
});
