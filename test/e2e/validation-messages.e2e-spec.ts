import { expectProblem } from '../support/problem-assertions.js';
import { writeJson } from '../support/record-collections.js';
import { startTestGateway, type TestGateway } from '../support/test-gateway.js';

/*
 * A 400 names each bad field once, with the message that matters: a value of the wrong type is
 * not also "too large" and "too small". Numbers in the query are decimal digits only.
 */
describe('Validation messages', () => {
  let gw: TestGateway;

  beforeAll(async () => {
    gw = await startTestGateway();
  });

  afterAll(async () => {
    await gw.close();
  });

  it.each([
    ['abc', 'must be an integer number'],
    ['0x10', 'must be an integer number'],
    ['1e1', 'must be an integer number'],
    ['10&limit=20', 'must be an integer number'],
    ['2.5', 'must be an integer number'],
    ['', 'must be an integer number'],
    ['0', 'must not be less than 1'],
    ['101', 'must not be greater than 100'],
  ])('should refuse limit=%s with the one message %j', async (limit, message) => {
    const problem = await expectProblem(
      await gw.call(`/v1/incidents?limit=${limit}`),
      400,
      'VALIDATION_FAILED',
    );
    expect(problem.errors).toEqual([{ field: 'limit', message }]);
  });

  it('should take limit in plain decimal digits', async () => {
    const response = await gw.call('/v1/incidents?limit=07');
    expect(response.status).toBe(200);
    expect(((await response.json()) as { page: { limit: number } }).page.limit).toBe(7);
  });

  it('should name a missing or mistyped subject once', async () => {
    const missing = await expectProblem(
      await writeJson(gw, 'POST', '/v1/incidents', { description: 'no subject' }),
      400,
      'VALIDATION_FAILED',
    );
    expect(missing.errors).toHaveLength(1);
    expect(missing.errors[0].field).toBe('subject');
    const mistyped = await expectProblem(
      await writeJson(gw, 'POST', '/v1/incidents', { subject: 42 }),
      400,
      'VALIDATION_FAILED',
    );
    expect(mistyped.errors).toEqual([{ field: 'subject', message: 'must be a string' }]);
  });
});
