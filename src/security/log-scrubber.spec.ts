import { secretScrubber } from './log-scrubber.js';

describe(secretScrubber.name, () => {
  const scrub = secretScrubber(['org-secret-value', 'tok"en\\with-quotes']);

  it('should mask configured secrets, also in their JSON-escaped form', () => {
    const line = JSON.stringify({ msg: 'calling with org-secret-value and tok"en\\with-quotes' });
    const scrubbed = scrub(line);
    expect(scrubbed).not.toContain('org-secret-value');
    expect(scrubbed).not.toContain('with-quotes');
    expect(() => JSON.parse(scrubbed) as unknown).not.toThrow();
  });

  it('should mask JWTs, signed or not', () => {
    const jwt =
      'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1c2VyLTQyIiwiZXhwIjoxfQ.c2lnbmF0dXJlLXNpZ25hdHVyZQ';
    const unsigned = 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJ1c2VyLTQyIn0.';
    const scrubbed = scrub(`{"msg":"got ${jwt} and ${unsigned}"}`);
    expect(scrubbed).toBe('{"msg":"got [redacted] and [redacted]"}');
  });

  it('should mask credentials after an auth scheme and keep ordinary words', () => {
    const scrubbed = scrub(
      '{"msg":"User AbCdEf0123456789, Organization ZyXwVu9876543210, Element tok-1234567890ab; User id 7"}',
    );
    expect(scrubbed).toBe(
      '{"msg":"User [redacted], Organization [redacted], Element [redacted]; User id 7"}',
    );
  });

  it('should leave a line without secrets as it was', () => {
    const line = '{"level":30,"msg":"Redis connection ready"}';
    expect(scrub(line)).toBe(line);
  });
});
