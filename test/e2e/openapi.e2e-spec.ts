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

  /** Records the probes below work on, created through the gateway. */
  const made: Record<string, string> = {};
  const jsonPost = async (path: string, body: unknown): Promise<string> => {
    const response = await gw.call(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return ((await response.json()) as { id: string }).id;
  };

  beforeAll(async () => {
    made.incident = await jsonPost('/v1/incidents', { subject: 'Schema probes', description: 'x' });
    made.comment = await jsonPost(`/v1/incidents/${made.incident}/comments`, { body: 'probe' });
    made.extraComment = await jsonPost(`/v1/incidents/${made.incident}/comments`, {
      body: 'to delete',
    });
    made.contact = await jsonPost('/v1/contacts', { firstName: 'Schema', lastName: 'Probe' });
    made.extraContact = await jsonPost('/v1/contacts', { firstName: 'Delete', lastName: 'Me' });
    made.account = await jsonPost('/v1/accounts', { name: 'Schema Probe Ltd' });
    made.extraAccount = await jsonPost('/v1/accounts', { name: 'Delete Me Ltd' });
    made.extraIncident = await jsonPost('/v1/incidents', { subject: 'Delete me' });
    const form = new FormData();
    form.append(
      'file',
      new Blob([Buffer.from('probe bytes')], { type: 'text/plain' }),
      'probe.txt',
    );
    const upload = await gw.call(`/v1/incidents/${made.incident}/attachments`, {
      method: 'POST',
      body: form,
    });
    made.attachment = ((await upload.json()) as { id: string }).id;
  });

  const incident = (): string => `/v1/incidents/${made.incident}`;
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
      method: 'GET',
      template: '/v1/incidents/{id}',
      path: () => `${incident()}?expand=comments,contact,account`,
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
      method: 'DELETE',
      template: '/v1/incidents/{id}',
      path: () => `/v1/incidents/${made.extraIncident}`,
      status: 204,
    },
    {
      method: 'GET',
      template: '/v1/incidents/{id}/comments',
      path: () => `${incident()}/comments`,
      status: 200,
    },
    {
      method: 'POST',
      template: '/v1/incidents/{id}/comments',
      path: () => `${incident()}/comments`,
      body: () => ({ body: 'hello', type: 'internal_note' }),
      status: 201,
    },
    {
      method: 'GET',
      template: '/v1/incidents/{id}/comments/{commentId}',
      path: () => `${incident()}/comments/${made.comment}`,
      status: 200,
    },
    {
      method: 'PATCH',
      template: '/v1/incidents/{id}/comments/{commentId}',
      path: () => `${incident()}/comments/${made.comment}`,
      body: () => ({ body: 'edited' }),
      status: 200,
    },
    {
      method: 'DELETE',
      template: '/v1/incidents/{id}/comments/{commentId}',
      path: () => `${incident()}/comments/${made.extraComment}`,
      status: 204,
    },
    {
      method: 'GET',
      template: '/v1/incidents/{id}/attachments',
      path: () => `${incident()}/attachments`,
      status: 200,
    },
    {
      method: 'GET',
      template: '/v1/incidents/{id}/attachments/{attachmentId}',
      path: () => `${incident()}/attachments/${made.attachment}`,
      status: 200,
    },
    { method: 'GET', template: '/v1/contacts', path: () => '/v1/contacts?limit=3', status: 200 },
    {
      method: 'POST',
      template: '/v1/contacts',
      path: () => '/v1/contacts',
      body: () => ({ firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.com' }),
      status: 201,
    },
    {
      method: 'GET',
      template: '/v1/contacts/{id}',
      path: () => `/v1/contacts/${made.contact}`,
      status: 200,
    },
    {
      method: 'PATCH',
      template: '/v1/contacts/{id}',
      path: () => `/v1/contacts/${made.contact}`,
      body: () => ({ phone: '+49 30 1234' }),
      status: 200,
    },
    {
      method: 'DELETE',
      template: '/v1/contacts/{id}',
      path: () => `/v1/contacts/${made.extraContact}`,
      status: 204,
    },
    { method: 'GET', template: '/v1/accounts', path: () => '/v1/accounts?limit=3', status: 200 },
    {
      method: 'POST',
      template: '/v1/accounts',
      path: () => '/v1/accounts',
      body: () => ({ name: 'Initech' }),
      status: 201,
    },
    {
      method: 'GET',
      template: '/v1/accounts/{id}',
      path: () => `/v1/accounts/${made.account}`,
      status: 200,
    },
    {
      method: 'PATCH',
      template: '/v1/accounts/{id}',
      path: () => `/v1/accounts/${made.account}`,
      body: () => ({ email: 'it@initech.example' }),
      status: 200,
    },
    {
      method: 'DELETE',
      template: '/v1/accounts/{id}',
      path: () => `/v1/accounts/${made.extraAccount}`,
      status: 204,
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
    { method: 'GET', template: '/health/live', path: () => '/health/live', status: 200 },
    { method: 'GET', template: '/health/ready', path: () => '/health/ready', status: 200 },
  ];

  /** Routes whose success body is not JSON, or that need a signature, checked by other tests. */
  const CHECKED_ELSEWHERE = [
    // Signed by Cloud Elements: test/e2e/events*.e2e-spec.ts.
    'POST /webhooks/cloud-elements/{tenant}',
    'POST /v1/incidents/{id}/attachments',
    'DELETE /v1/incidents/{id}/attachments/{attachmentId}',
    'GET /v1/incidents/{id}/attachments/{attachmentId}/content',
    'GET /v1/events',
  ];

  it('should have a schema-checked probe for every documented operation', () => {
    const probed = new Set(probes.map((p) => `${p.method} ${p.template}`));
    const documented = Object.entries(
      document.paths as Record<string, Record<string, unknown>>,
    ).flatMap(([path, item]) =>
      Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(documented.filter((op) => !probed.has(op) && !CHECKED_ELSEWHERE.includes(op))).toEqual(
      [],
    );
  });

  it('should match the upload and download routes to their documented responses', async () => {
    const form = new FormData();
    form.append('file', new Blob([Buffer.from('abc')], { type: 'text/plain' }), 'a.txt');
    const upload = await gw.call(`${incident()}/attachments`, { method: 'POST', body: form });
    expect(upload.status).toBe(201);
    const uploadedBody = await json(upload);
    expect(validator.validate('/v1/incidents/{id}/attachments', 'POST', 201, uploadedBody)).toEqual(
      [],
    );
    const content = await gw.call(`${incident()}/attachments/${made.attachment}/content`);
    expect(content.status).toBe(200);
    expect(Buffer.from(await content.arrayBuffer()).toString()).toBe('probe bytes');
    expect(
      document.paths['/v1/incidents/{id}/attachments/{attachmentId}/content'].get.responses['200'],
    ).toBeDefined();
    const uploaded = uploadedBody.id as string;
    const removed = await gw.call(`${incident()}/attachments/${uploaded}`, {
      method: 'DELETE',
    });
    expect(removed.status).toBe(204);
  });

  it.each(probes)('should match its schema: $method $template → $status', async (probe) => {
    const body = probe.body?.();
    const response = await gw.call(probe.path(), {
      method: probe.method,
      key: probe.key ?? 'internal',
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    expect(response.status).toBe(probe.status);
    if (probe.status === 204) {
      expect(
        document.paths[probe.template][probe.method.toLowerCase()].responses['204'],
      ).toBeDefined();
      return;
    }
    const errors = validator.validate(
      probe.template,
      probe.method,
      probe.status,
      await json(response),
    );
    expect(errors).toEqual([]);
  });
});
