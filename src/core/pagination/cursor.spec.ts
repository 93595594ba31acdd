import { GatewayError } from '../errors/gateway.error.js';
import { CursorCodec, canonicalQuery, type CursorBinding } from './cursor.js';

describe(CursorCodec.name, () => {
  const codec = new CursorCodec(Buffer.from('a-test-secret-of-enough-length-123456'));
  const binding: CursorBinding = {
    tenant: 'acme',
    collection: 'incidents',
    query: canonicalQuery({ status: ['open'] }),
  };

  it('should round-trip the page state', () => {
    const cursor = codec.encode(binding, { page: 3, limit: 25 });
    expect(codec.decode(binding, cursor)).toEqual({ page: 3, limit: 25 });
  });

  it.each<[string, Partial<CursorBinding>]>([
    ['another tenant', { tenant: 'globex' }],
    ['another collection', { collection: 'contacts' }],
    ['other filters', { query: canonicalQuery({ status: ['closed'] }) }],
  ])('should refuse a cursor replayed for %s', (_label, change) => {
    const cursor = codec.encode(binding, { page: 2, limit: 10 });
    expect(() => codec.decode({ ...binding, ...change }, cursor)).toThrow(GatewayError);
  });

  it('should refuse a cursor signed with another secret', () => {
    const other = new CursorCodec(Buffer.from('another-secret-of-enough-length-12345'));
    expect(() => codec.decode(binding, other.encode(binding, { page: 2, limit: 10 }))).toThrow(
      GatewayError,
    );
  });

  it.each(['', 'garbage', 'a.b.c', '.sig', `${'x'.repeat(600)}.y`, 'eyJwIjotMX0.AAAA'])(
    'should refuse the malformed cursor %j with VALIDATION_FAILED',
    (cursor) => {
      expect(() => codec.decode(binding, cursor)).toThrow(
        expect.objectContaining({
          code: 'VALIDATION_FAILED',
          errors: [expect.objectContaining({ field: 'cursor' })],
        }),
      );
    },
  );

  it('should refuse a tampered payload even with a valid-looking signature', () => {
    const [, signature] = codec.encode(binding, { page: 2, limit: 10 }).split('.');
    const forged = Buffer.from(JSON.stringify({ p: 99, l: 10 })).toString('base64url');
    expect(() => codec.decode(binding, `${forged}.${signature}`)).toThrow(GatewayError);
  });

  it('should make canonical query text independent of key order and undefined values', () => {
    expect(canonicalQuery({ b: 1, a: 'x', c: undefined })).toBe(canonicalQuery({ a: 'x', b: 1 }));
    expect(canonicalQuery({ a: ['1', '2'] })).not.toBe(canonicalQuery({ a: ['2', '1'] }));
  });
});
