import { jest } from '@jest/globals';
import * as realCrypto from 'node:crypto';

const KEY = 'signature-key-0123456789';
const BODY = Buffer.from('{"message":{"events":[]}}');
const DIGEST = realCrypto.createHmac('sha256', KEY).update(BODY).digest('base64');

const compared: [number, number][] = [];
jest.unstable_mockModule('node:crypto', () => ({
  ...realCrypto,
  timingSafeEqual: (a: NodeJS.ArrayBufferView, b: NodeJS.ArrayBufferView): boolean => {
    compared.push([a.byteLength, b.byteLength]);
    return realCrypto.timingSafeEqual(a, b);
  },
}));
const { verifyWebhookSignature, webhookSignature } = await import('./webhook-signature.js');

describe(verifyWebhookSignature.name, () => {
  beforeEach(() => {
    compared.length = 0;
  });

  it('should sign as sha256=<base64 of the HMAC-SHA256 of the raw body>', () => {
    expect(webhookSignature(BODY, KEY)).toBe(`sha256=${DIGEST}`);
  });

  it('should accept the right signature, with or without the sha256= prefix', () => {
    expect(verifyWebhookSignature(`sha256=${DIGEST}`, BODY, KEY)).toBe(true);
    expect(verifyWebhookSignature(`SHA256=${DIGEST}`, BODY, KEY)).toBe(true);
    expect(verifyWebhookSignature(` sha256=${DIGEST} `, BODY, KEY)).toBe(true);
    expect(verifyWebhookSignature(DIGEST, BODY, KEY)).toBe(true);
  });

  it('should refuse another algorithm prefix, a doubled prefix and an empty value', () => {
    expect(verifyWebhookSignature(`sha1=${DIGEST}`, BODY, KEY)).toBe(false);
    expect(verifyWebhookSignature(`sha256=sha256=${DIGEST}`, BODY, KEY)).toBe(false);
    expect(verifyWebhookSignature('sha256=', BODY, KEY)).toBe(false);
    expect(verifyWebhookSignature('', BODY, KEY)).toBe(false);
  });

  it('should refuse a signature made with another key', () => {
    expect(
      verifyWebhookSignature(webhookSignature(BODY, 'another-key-0123456789'), BODY, KEY),
    ).toBe(false);
  });

  it('should refuse a body changed after signing, even by one byte or trailing whitespace', () => {
    const signature = webhookSignature(BODY, KEY);
    expect(
      verifyWebhookSignature(signature, Buffer.from(BODY.toString().replace('[]', '[1]')), KEY),
    ).toBe(false);
    expect(verifyWebhookSignature(signature, Buffer.concat([BODY, Buffer.from('\n')]), KEY)).toBe(
      false,
    );
  });

  it('should refuse a missing or repeated header', () => {
    expect(verifyWebhookSignature(undefined, BODY, KEY)).toBe(false);
    expect(verifyWebhookSignature([`sha256=${DIGEST}`, `sha256=${DIGEST}`], BODY, KEY)).toBe(false);
  });

  it('should compare in constant time: always one timingSafeEqual over two full-length digests', () => {
    const wrongLast = `sha256=${DIGEST.slice(0, -2)}A=`;
    const cases = [
      `sha256=${DIGEST}`,
      wrongLast,
      'sha256=c2hvcnQ=',
      'sha256=!!not base64!!',
      DIGEST,
    ];
    for (const header of cases) {
      verifyWebhookSignature(header, BODY, KEY);
    }
    expect(compared).toEqual(cases.map(() => [32, 32]));
  });
});
