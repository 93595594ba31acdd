import { GatewayError } from '../core/errors/gateway.error.js';
import { canonicalJson, checkedIdempotencyKey, requestFingerprint } from './idempotency-key.js';

describe(checkedIdempotencyKey.name, () => {
  it('should accept visible ASCII keys up to 255 characters', () => {
    expect(checkedIdempotencyKey('order-42:retry_1')).toBe('order-42:retry_1');
    expect(checkedIdempotencyKey('x'.repeat(255))).toHaveLength(255);
    expect(checkedIdempotencyKey(undefined)).toBeUndefined();
  });

  it.each(['', 'x'.repeat(256), 'has space', 'ünï', 'tab\t'])('should refuse %j', (key) => {
    expect(() => checkedIdempotencyKey(key)).toThrow(GatewayError);
  });

  it('should refuse the header given twice', () => {
    expect(() => checkedIdempotencyKey(['a', 'b'])).toThrow(GatewayError);
  });
});

describe(requestFingerprint.name, () => {
  it('should ignore key order but not values, paths or methods', () => {
    const base = requestFingerprint('POST', '/v1/incidents', { subject: 'a', priority: 'low' });
    expect(requestFingerprint('POST', '/v1/incidents', { priority: 'low', subject: 'a' })).toBe(
      base,
    );
    expect(requestFingerprint('POST', '/v1/incidents', { priority: 'low', subject: 'b' })).not.toBe(
      base,
    );
    expect(requestFingerprint('POST', '/v1/contacts', { priority: 'low', subject: 'a' })).not.toBe(
      base,
    );
    expect(
      requestFingerprint('PATCH', '/v1/incidents', { priority: 'low', subject: 'a' }),
    ).not.toBe(base);
  });

  it('should write canonical JSON for nested values', () => {
    expect(canonicalJson({ b: [2, { d: 1, c: null }], a: 'x', u: undefined })).toBe(
      '{"a":"x","b":[2,{"c":null,"d":1}]}',
    );
  });
});
