import { canonicalPathAndQuery, responseKey } from './cache-keys.js';

describe('cache keys', () => {
  it('should sort the query so parameter order does not split entries', () => {
    expect(canonicalPathAndQuery('/v1/incidents?b=2&a=1&a=0')).toBe('/v1/incidents?a=0&a=1&b=2');
    expect(canonicalPathAndQuery('/v1/incidents?')).toBe('/v1/incidents');
  });

  it('should keep tenants, resources and audiences apart', () => {
    const url = '/v1/incidents?limit=5';
    const keys = new Set([
      responseKey('acme', 'incidents', url),
      responseKey('globex', 'incidents', url),
      responseKey('acme', 'contacts', url),
      responseKey('acme', 'incidents', `${url}#internal`),
    ]);
    expect(keys.size).toBe(4);
    expect(responseKey('globex', 'incidents', url)).toMatch(/^c:\{globex\}:incidents:/);
  });
});
