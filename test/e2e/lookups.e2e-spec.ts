import { expectProblem } from '../support/problem-assertions.js';
import { json, startTestGateway, type TestGateway } from '../support/test-gateway.js';

/** Lookup lists come whole, so they take no query parameters at all. */
describe('Lookup lists', () => {
  let gw: TestGateway;

  beforeAll(async () => {
    gw = await startTestGateway();
  });

  afterAll(async () => {
    await gw.close();
  });

  it.each(['/v1/incident-statuses', '/v1/incident-priorities'])(
    'should list %s whole, and refuse any query parameter with 400 and no upstream call',
    async (path) => {
      const whole = await gw.call(path);
      expect(whole.status).toBe(200);
      expect((await json(whole)).data.length).toBeGreaterThan(0);
      gw.sandbox.requests.clear();

      for (const query of ['foo=bar', 'limit=1', 'cursor=x&sort=-updatedAt']) {
        const problem = await expectProblem(
          await gw.call(`${path}?${query}`),
          400,
          'VALIDATION_FAILED',
        );
        const names = [...new URLSearchParams(query).keys()];
        expect(problem.errors.map((e: { field: string }) => e.field)).toEqual(names);
      }
      expect(gw.sandbox.requests.list()).toEqual([]);
    },
  );
});
