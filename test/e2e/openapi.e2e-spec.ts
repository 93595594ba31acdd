import { OpenApiValidator } from '../support/openapi-validator.js';
import { json, startTestGateway, type TestGateway } from '../support/test-gateway.js';

interface Probe {
  method: string;
  /** The documented path template, e.g. /v1/incidents/{id}. */
  template: string;
  path: () => string;
  body?: () => unknown;
  status: number;
  key?: 'internal' | 'reader';
}

describe('OpenAPI document', () => {
  let gw: TestGateway;
  let document: Record<string, any>;
  let validator: OpenApiValidator;
  let incidentId: string;

  beforeAll(async () => {
    gw = await startTestGateway();
    document = await json(await gw.call('/docs/openapi.json', { key: null }));
    validator = new OpenApiValidator(document);
    incidentId = gw.sandbox.store('1001').incidents.list()[0]!.ObjectID;
  });

  afterAll(async () => {
    await gw.close();
  });

  it('should serve the document and its viewer without credentials', async () => {
    expect(document.openapi).toMatch(/^3\./);
    const viewer = await gw.call('/docs', { key: null });
    expect(viewer.status).toBe(200);
    expect(viewer.headers.get('content-type')).toMatch(/text\/html/);
  });

  it('should document a success response for every operation and refer every error to the one problem schema', () => {
    const problems: string[] = [];
    for (const [path, item] of Object.entries(
      document.paths as Record<string, Record<string, any>>,
    )) {
      for (const [method, operation] of Object.entries(item)) {
        if (!path.startsWith('/v1/')) {
          continue;
        }
        const statuses = Object.keys(operation.responses as object);
        if (!statuses.some((s) => s.startsWith('2'))) {
          problems.push(`${method} ${path}: no 2xx response`);
        }
        for (const status of statuses.filter((s) => Number(s) >= 400)) {
          const ref =
            operation.responses[status]?.content?.['application/problem+json']?.schema?.$ref;
          if (ref !== '#/components/schemas/ProblemDetailsDto') {
            problems.push(`${method} ${path} ${status}: ${String(ref)}`);
          }
        }
      }
    }
    expect(problems).toEqual([]);
    expect(
      Object.keys(document.paths as object).filter((p) => p.startsWith('/v1/')).length,
    ).toBeGreaterThan(0);
  });

  it('should catch a body that breaks its schema, so the checks below can fail', () => {
    expect(
      validator.validate('/v1/incidents/{id}', 'GET', 200, { id: 'X', subject: 5 }).length,
    ).toBeGreaterThan(0);
    expect(
      validator.validate('/v1/incidents', 'GET', 400, { code: 'NOT_A_CODE' }).length,
    ).toBeGreaterThan(0);
  });

  const probes: Probe[] = [
    { method: 'GET', template: '/v1/incidents', path: () => '/v1/incidents?limit=3', status: 200 },
    {
      method: 'GET',
      template: '/v1/incidents',
      path: () => '/v1/incidents?limit=3&include=raw',
      status: 200,
    },
    {
      method: 'GET',
      template: '/v1/incidents/{id}',
      path: () => `/v1/incidents/${incidentId}`,
      status: 200,
    },
    {
      method: 'POST',
      template: '/v1/incidents',
      path: () => '/v1/incidents',
      body: () => ({ subject: 'Schema check', description: 'x', priority: 'low' }),
      status: 201,
    },
    {
      method: 'PATCH',
      template: '/v1/incidents/{id}',
      path: () => `/v1/incidents/${incidentId}`,
      body: () => ({ status: 'closed' }),
      status: 200,
    },
    {
      method: 'GET',
      template: '/v1/incident-statuses',
      path: () => '/v1/incident-statuses',
      status: 200,
    },
    {
      method: 'GET',
      template: '/v1/incident-priorities',
      path: () => '/v1/incident-priorities',
      status: 200,
    },
    {
      method: 'GET',
      template: '/v1/incidents',
      path: () => '/v1/incidents?limit=1000',
      status: 400,
    },
    {
      method: 'GET',
      template: '/v1/incidents/{id}',
      path: () => '/v1/incidents/00163E00000000000000000000000000',
      status: 404,
    },
    {
      method: 'GET',
      template: '/v1/incidents',
      path: () => '/v1/incidents?include=raw',
      status: 403,
      key: 'reader',
    },
  ];

  it.each(probes)('should match its schema: $method $template → $status', async (probe) => {
    const body = probe.body?.();
    const response = await gw.call(probe.path(), {
      method: probe.method,
      key: probe.key ?? 'internal',
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    expect(response.status).toBe(probe.status);
    const errors = validator.validate(
      probe.template,
      probe.method,
      probe.status,
      await json(response),
    );
    expect(errors).toEqual([]);
  });
});
