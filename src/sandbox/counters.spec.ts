import { CounterSet } from './counters.js';

describe(CounterSet.name, () => {
  it('should count completed calls and track the in-flight peak', () => {
    const counters = new CounterSet();
    counters.started();
    counters.started();
    counters.completed({ routeKey: 'GET /a', instanceId: '1', status: 200, instanceLookup: false });
    counters.completed({ routeKey: 'GET /instances/{id}', status: 'none', instanceLookup: true });
    expect(counters.snapshot()).toEqual({
      total: 2,
      byRoute: { 'GET /a': 1, 'GET /instances/{id}': 1 },
      byInstance: { '1': 1 },
      byStatus: { '200': 1, none: 1 },
      instanceLookups: 1,
      inFlight: 0,
      maxInFlight: 2,
    });
  });

  it('should keep running calls in the gauge across a reset', () => {
    const counters = new CounterSet();
    counters.started();
    counters.reset();
    expect(counters.snapshot()).toMatchObject({ total: 0, inFlight: 1, maxInFlight: 1 });
  });
});
