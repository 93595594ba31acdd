import { jest } from '@jest/globals';
import type { ConfigService } from '@nestjs/config';
import type { GatewayConfig } from '../config/gateway-config.js';
import { LinkCache } from './link-cache.js';

function linkCache(notFoundSeconds: number): LinkCache {
  const config = { get: () => ({ notFoundSeconds }) };
  return new LinkCache(config as unknown as ConfigService<GatewayConfig, true>);
}

describe('LinkCache', () => {
  beforeEach(() => {
    jest.useFakeTimers({ now: new Date('2026-11-29T00:00:00Z') });
  });

  afterEach(() => {
    jest.useRealTimers();
  });

  it('should know a remembered link in both directions, per tenant', () => {
    const cache = linkCache(30);
    cache.remember('acme', 'account', '1000001', 'OBJ1');

    expect(cache.idFor('acme', 'account', '1000001')).toBe('OBJ1');
    expect(cache.keyFor('acme', 'account', 'OBJ1')).toBe('1000001');
    expect(cache.idFor('globex', 'account', '1000001')).toBeUndefined();
    expect(cache.idFor('acme', 'contact', '1000001')).toBeUndefined();
  });

  it("should drop every link of one tenant, and only that tenant's", () => {
    const cache = linkCache(30);
    cache.remember('acme', 'account', '1000001', 'OBJ1');
    cache.remember('acme', 'contact', '2000001', 'OBJ2');
    cache.remember('acme2', 'account', '1000001', 'OBJ3');
    cache.remember('globex', 'account', '1000001', 'OBJ4');

    cache.clearTenant('acme');

    expect(cache.idFor('acme', 'account', '1000001')).toBeUndefined();
    expect(cache.keyFor('acme', 'contact', 'OBJ2')).toBeUndefined();
    expect(cache.idFor('acme2', 'account', '1000001')).toBe('OBJ3');
    expect(cache.keyFor('globex', 'account', 'OBJ4')).toBe('1000001');
  });

  it('should remember a missing key or id for the not-found time only', () => {
    const cache = linkCache(30);
    cache.rememberMissingKey('acme', 'account', 'K');
    cache.rememberMissingId('acme', 'contact', 'ID');

    jest.advanceTimersByTime(29_999);
    expect(cache.isMissingKey('acme', 'account', 'K')).toBe(true);
    expect(cache.isMissingId('acme', 'contact', 'ID')).toBe(true);
    expect(cache.isMissingKey('globex', 'account', 'K')).toBe(false);
    expect(cache.isMissingId('acme', 'account', 'ID')).toBe(false);
    // A key and an id with the same text are different entries.
    expect(cache.isMissingId('acme', 'account', 'K')).toBe(false);

    jest.advanceTimersByTime(1);
    expect(cache.isMissingKey('acme', 'account', 'K')).toBe(false);
    expect(cache.isMissingId('acme', 'contact', 'ID')).toBe(false);
  });

  it('should remember nothing missing when the not-found time is 0', () => {
    const cache = linkCache(0);
    cache.rememberMissingKey('acme', 'account', 'K');
    cache.remember('acme', 'account', 'K2', 'OBJ2');
    cache.forget('acme', 'account', 'OBJ2');

    expect(cache.isMissingKey('acme', 'account', 'K')).toBe(false);
    expect(cache.isMissingId('acme', 'account', 'OBJ2')).toBe(false);
    expect(cache.keyFor('acme', 'account', 'OBJ2')).toBeUndefined();
  });

  it('should stop calling a link missing once it is learnt', () => {
    const cache = linkCache(30);
    cache.rememberMissingKey('acme', 'account', 'K');
    cache.rememberMissingId('acme', 'account', 'OBJ');

    cache.remember('acme', 'account', 'K', 'OBJ');

    expect(cache.isMissingKey('acme', 'account', 'K')).toBe(false);
    expect(cache.isMissingId('acme', 'account', 'OBJ')).toBe(false);
  });

  it('should call a forgotten record missing in both directions', () => {
    const cache = linkCache(30);
    cache.remember('acme', 'account', 'K', 'OBJ');

    cache.forget('acme', 'account', 'OBJ');

    expect(cache.idFor('acme', 'account', 'K')).toBeUndefined();
    expect(cache.keyFor('acme', 'account', 'OBJ')).toBeUndefined();
    expect(cache.isMissingKey('acme', 'account', 'K')).toBe(true);
    expect(cache.isMissingId('acme', 'account', 'OBJ')).toBe(true);
  });
});
