import { FaultRegistry } from './faults.js';

const ping = { method: 'GET', path: '/hubs/helpdesk/ping', instanceId: '1001' };

describe(FaultRegistry.name, () => {
  it('should fire rules in insertion order and skip rules that do not match', () => {
    const faults = new FaultRegistry();
    faults.add({ method: 'POST', status: 500 });
    faults.add({ instanceId: '1002', status: 502 });
    faults.add({ path: '/ping', status: 503 });
    faults.add({ status: 504 });
    expect(faults.fire(ping)?.status).toBe(503);
    expect(faults.fire({ ...ping, path: '/hubs/helpdesk/incidents' })?.status).toBe(504);
  });

  it('should treat /…/ paths as regular expressions and others as substrings', () => {
    const faults = new FaultRegistry();
    faults.add({ path: '/incidents\\/[^/]+$/i', status: 500 });
    expect(faults.fire({ ...ping, path: '/hubs/helpdesk/INCIDENTS/abc' })?.status).toBe(500);
    expect(faults.fire({ ...ping, path: '/hubs/helpdesk/incidents/abc/comments' })).toBeUndefined();
    faults.clear();
    faults.add({ path: '/hubs/helpdesk/incidents', status: 501 });
    expect(faults.fire({ ...ping, path: '/hubs/helpdesk/incidents/abc' })?.status).toBe(501);
  });

  it('should expire after `times` and drop removed rules', () => {
    const faults = new FaultRegistry();
    faults.add({ status: 503, times: 2 });
    const id = faults.add({ status: 500 });
    expect([
      faults.fire(ping)?.status,
      faults.fire(ping)?.status,
      faults.fire(ping)?.status,
    ]).toEqual([503, 503, 500]);
    faults.remove(id);
    expect(faults.fire(ping)).toBeUndefined();
  });

  it('should fire at the given rate, identically for the same seed', () => {
    const pattern = (seed: number): boolean[] => {
      const faults = new FaultRegistry();
      faults.add({ status: 503, rate: 0.3, seed });
      return Array.from({ length: 1000 }, () => faults.fire(ping) !== undefined);
    };
    const first = pattern(7);
    const hits = first.filter(Boolean).length;
    expect(hits).toBeGreaterThan(250);
    expect(hits).toBeLessThan(350);
    expect(pattern(7)).toEqual(first);
    expect(pattern(8)).not.toEqual(first);
  });

  it('should count `times` only for calls the rate let through', () => {
    const faults = new FaultRegistry();
    faults.add({ status: 503, rate: 0.5, times: 3, seed: 1 });
    const fired = Array.from({ length: 100 }, () => faults.fire(ping)).filter(Boolean);
    expect(fired).toHaveLength(3);
  });
});
