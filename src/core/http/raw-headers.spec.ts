import { headerCount } from './raw-headers.js';

describe(headerCount.name, () => {
  const raw = [
    'Host',
    'gw.example',
    'Authorization',
    'Bearer a',
    'X-Tenant-Id',
    'acme',
    'authorization',
    'Bearer b',
    'X-TENANT-ID',
    'globex',
    'X-Api-Key',
    'authorization',
  ];

  it.each<[string, number]>([
    ['authorization', 2],
    ['x-tenant-id', 2],
    ['x-api-key', 1],
    ['host', 1],
    ['accept', 0],
  ])('should count %s %i times whatever its case', (name, count) => {
    expect(headerCount(raw, name)).toBe(count);
  });

  it('should count names only, never a value that spells a name', () => {
    expect(headerCount(['X-Api-Key', 'authorization'], 'authorization')).toBe(0);
  });

  it('should count nothing in an empty list', () => {
    expect(headerCount([], 'x-api-key')).toBe(0);
  });
});
