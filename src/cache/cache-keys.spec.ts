import { canonicalPathAndQuery, responseKey, responseKeyOfUrl } from './cache-keys.js';

describe('cache keys', () => {
  it('should sort the query so parameter order does not split entries', () => {
    expect(canonicalPathAndQuery('/v1/incidents?b=2&a=1&a=0')).toBe('/v1/incidents?a=0&a=1&b=2');
    expect(canonicalPathAndQuery('/v1/incidents?')).toBe('/v1/incidents');
  });

  it('should give the key of the canonical URL, the same when asked again', () => {
    const expected = responseKey('acme', 'incidents', '/v1/incidents?a=1&b=2#internal');
    expect(responseKeyOfUrl('acme', 'incidents', '/v1/incidents?b=2&a=1', '#internal')).toBe(
      expected,
    );
    expect(responseKeyOfUrl('acme', 'incidents', '/v1/incidents?b=2&a=1', '#internal')).toBe(
      expected,
    );
  });

  it('should keep tenants, resources and audiences apart', () => {
    const url = '/v1/incidents?limit=5';
    const keys = new Set([
      responseKeyOfUrl('acme', 'incidents', url, ''),
      responseKeyOfUrl('globex', 'incidents', url, ''),
      responseKeyOfUrl('acme', 'contacts', url, ''),
      responseKeyOfUrl('acme', 'incidents', url, '#internal'),
    ]);
    expect(keys.size).toBe(4);
    expect(responseKeyOfUrl('globex', 'incidents', url, '')).toMatch(/^c:\{globex\}:incidents:/);
  });
});
