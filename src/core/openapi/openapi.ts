import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, getSchemaPath, type OpenAPIObject } from '@nestjs/swagger';
import { ERROR_CODES, ErrorCode } from '../errors/error-code.js';
import { PageInfoDto, ProblemDetailsDto } from './problem-details.dto.js';

/** Error statuses an operation can answer, by method; every one refers to the problem schema. */
const COMMON = [400, 401, 403, 404, 406, 429, 500, 502, 503, 504];
const ERROR_STATUSES: Record<string, number[]> = {
  get: COMMON,
  post: [...COMMON, 409, 413, 415, 422],
  patch: [...COMMON, 409, 412, 413, 415, 422],
  delete: [...COMMON, 409, 422],
};

type Operation = {
  responses: Record<string, unknown>;
  parameters?: unknown[];
  security?: unknown[];
};

/** Builds the OpenAPI document from the DTOs and serves it at /docs and /docs/openapi.json. */
export function setupOpenApi(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('helpdesk-gateway')
    .setDescription(
      'A stable, camelCase API over the Cloud Elements Helpdesk hub (SAP C4C). Every error is ' +
        'application/problem+json with a code from a closed list (`ProblemDetails.code`); docs/errors.md ' +
        'in the repository lists every code, its status, when it happens and whether to retry.',
    )
    .setVersion('1')
    .addApiKey({ type: 'apiKey', in: 'header', name: 'X-Api-Key' }, 'apiKey')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, 'bearer')
    .build();
  const document = SwaggerModule.createDocument(app, config, {
    extraModels: [ProblemDetailsDto, PageInfoDto],
  });
  addContractDetails(document);
  SwaggerModule.setup('docs', app, document, {
    jsonDocumentUrl: 'docs/openapi.json',
    yamlDocumentUrl: 'docs/openapi.yaml',
  });
  return document;
}

function addContractDetails(document: OpenAPIObject): void {
  for (const [path, item] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(item as Record<string, Operation>)) {
      if (!path.startsWith('/v1/') || !ERROR_STATUSES[method]) {
        continue;
      }
      operation.security = [{ apiKey: [] }, { bearer: [] }];
      operation.parameters = [...(operation.parameters ?? []), ...headerParameters(method)];
      for (const status of ERROR_STATUSES[method]) {
        operation.responses[String(status)] = problemResponse(status);
      }
    }
  }
}

function problemResponse(status: number): object {
  const codes = Object.values(ErrorCode).filter(
    (code) => Number(ERROR_CODES[code].status) === status,
  );
  return {
    description: `Problem details; code ${codes.join(' or ')}`,
    headers: { 'X-Error-Code': { schema: { type: 'string', enum: codes } } },
    content: { 'application/problem+json': { schema: { $ref: getSchemaPath(ProblemDetailsDto) } } },
  };
}

function headerParameters(method: string): object[] {
  const parameters: object[] = [
    {
      name: 'X-Tenant-Id',
      in: 'header',
      required: false,
      schema: { type: 'string' },
      description: 'Required when the caller has several tenants; at most once (400 otherwise)',
    },
    {
      name: 'X-Request-Id',
      in: 'header',
      required: false,
      schema: { type: 'string', pattern: '^[A-Za-z0-9._:-]{1,128}$' },
    },
  ];
  if (method === 'patch') {
    parameters.push({
      name: 'If-Match',
      in: 'header',
      required: false,
      schema: { type: 'string' },
      description: 'The record version read before',
    });
  }
  return parameters;
}
