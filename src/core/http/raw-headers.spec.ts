import { headerCount, sentMoreThanOnce } from './raw-headers.js';

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

describe(sentMoreThanOnce.name, () => {
  it('should see a header joined by Node from two, and one sent once', () => {
    const raw = ['X-Tenant-Id', 'acme', 'x-tenant-id', 'globex'];
    expect(sentMoreThanOnce('acme, globex', raw, 'x-tenant-id')).toBe(true);
    expect(sentMoreThanOnce('acme', ['X-Tenant-Id', 'acme'], 'x-tenant-id')).toBe(false);
    expect(sentMoreThanOnce(undefined, [], 'x-tenant-id')).toBe(false);
  });

  it('should look for a second Authorization, which Node drops from the parsed headers', () => {
    const raw = ['Authorization', 'Bearer a', 'authorization', 'Bearer b'];
    expect(sentMoreThanOnce('Bearer a', raw, 'authorization')).toBe(true);
    expect(sentMoreThanOnce('Bearer a', raw.slice(0, 2), 'authorization')).toBe(false);
  });
});
