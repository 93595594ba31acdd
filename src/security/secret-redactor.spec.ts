import { SecretRedactor } from './secret-redactor.js';

describe(SecretRedactor.name, () => {
  const sut = (): SecretRedactor => new SecretRedactor(['org-secret-value', 'tok"en\\with-quotes']);

  describe('redact', () => {
    it('should mask configured secrets, also in their JSON-escaped form', () => {
      const line = JSON.stringify({ msg: 'calling with org-secret-value and tok"en\\with-quotes' });
      const scrubbed = sut().redact(line);
      expect(scrubbed).not.toContain('org-secret-value');
      expect(scrubbed).not.toContain('with-quotes');
      expect(() => JSON.parse(scrubbed) as unknown).not.toThrow();
    });

    it('should mask JWTs, signed or not', () => {
      const jwt =
        'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1c2VyLTQyIiwiZXhwIjoxfQ.c2lnbmF0dXJlLXNpZ25hdHVyZQ';
      const unsigned = 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJ1c2VyLTQyIn0.';
      const scrubbed = sut().redact(`{"msg":"got ${jwt} and ${unsigned}"}`);
      expect(scrubbed).toBe('{"msg":"got [redacted] and [redacted]"}');
    });

    it('should mask credentials after an auth scheme and keep ordinary words', () => {
      const scrubbed = sut().redact(
        '{"msg":"User AbCdEf0123456789, Organization ZyXwVu9876543210, Element tok-1234567890ab; User id 7"}',
      );
      expect(scrubbed).toBe(
        '{"msg":"User [redacted], Organization [redacted], Element [redacted]; User id 7"}',
      );
    });

    it('should leave a text without secrets as it was', () => {
      const line = '{"level":30,"msg":"Redis connection ready"}';
      expect(sut().redact(line)).toBe(line);
    });

    it('should mask a secret added at run time wherever it appears, bare or not', () => {
      const redactor = sut();
      const token = 'q8Zr+0vXb/Yk3LmN2pQ7sT1uW4yA6cE9gI0kM5oR8tU=';
      expect(redactor.redact(`echo ${token}`)).toBe(`echo ${token}`);

      redactor.add(token);

      expect(redactor.redact(`echo ${token}; again:${token}`)).toBe(
        'echo [redacted]; again:[redacted]',
      );
    });

    it('should keep masking a token after another one replaced it', () => {
      const redactor = sut();
      redactor.add('first-element-token-000000');
      redactor.add('second-element-token-11111');
      expect(redactor.redact('first-element-token-000000 second-element-token-11111')).toBe(
        '[redacted] [redacted]',
      );
    });

    it('should mask the longer of two overlapping secrets whole', () => {
      const redactor = new SecretRedactor(['abcdef', 'abcdef-and-more']);
      expect(redactor.redact('x abcdef-and-more y abcdef')).toBe('x [redacted] y [redacted]');
    });

    it('should ignore an empty secret', () => {
      const redactor = new SecretRedactor(['', 'org-secret-value']);
      redactor.add('');
      expect(redactor.redact('plain text')).toBe('plain text');
    });
  });

  describe('bounded', () => {
    it('should mask secrets and keep the rest of the text', () => {
      expect(sut().bounded('Invalid org-secret-value for instance 1001', 100)).toBe(
        'Invalid [redacted] for instance 1001',
      );
    });

    it('should mask a secret before cutting, so no part of it survives the cut', () => {
      const text = `id-${'x'.repeat(10)}org-secret-value`;
      const bounded = sut().bounded(text, 20);
      expect(bounded).toBe(`id-${'x'.repeat(10)}[redac…`);
      expect(bounded).toHaveLength(20);
      expect(bounded).not.toContain('org-sec');
    });

    it('should turn control characters into spaces', () => {
      expect(sut().bounded('line one\r\nline\u0000two', 100)).toBe('line one line two');
    });

    it('should leave a short clean text and undefined as they are', () => {
      expect(sut().bounded('5b0437c6e4b07731ae39b533', 128)).toBe('5b0437c6e4b07731ae39b533');
      expect(sut().bounded(undefined, 128)).toBeUndefined();
    });
  });
});
