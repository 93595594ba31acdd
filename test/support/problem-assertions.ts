import { ORG_SECRET, USER_SECRET, json } from './test-gateway.js';

/** Asserts a response is a contract problem and returns its body. */
export async function expectProblem(
  response: Response,
  status: number,
  code: string,
  secrets: string[] = [],
): Promise<Record<string, any>> {
  const text = await response.clone().text();
  expect({ status: response.status, code: response.headers.get('x-error-code') }).toEqual({
    status,
    code,
  });
  expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  const body = await json(response);
  expect(body).toEqual(
    expect.objectContaining({
      type: `/problems/${code.toLowerCase().replace(/_/g, '-')}`,
      title: expect.any(String),
      status,
      code,
      detail: expect.any(String),
      instance: expect.stringMatching(/^\//),
      requestId: response.headers.get('x-request-id'),
      retryable: expect.any(Boolean),
    }),
  );
  for (const secret of [ORG_SECRET, USER_SECRET, ...secrets]) {
    expect(text).not.toContain(secret);
  }
  expect(text).not.toMatch(/\n\s+at |\.ts:\d+|node_modules/);
  return body;
}
