import { applyDecorators, type Type } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, getSchemaPath } from '@nestjs/swagger';
import { PageInfoDto } from './problem-details.dto.js';

/** Documents a `{ data: T[], page: { limit, nextCursor } }` list response. */
export function ApiPage(item: Type<unknown>): MethodDecorator {
  return applyDecorators(
    ApiExtraModels(item, PageInfoDto),
    ApiOkResponse({
      schema: {
        type: 'object',
        required: ['data', 'page'],
        properties: {
          data: { type: 'array', items: { $ref: getSchemaPath(item) } },
          page: { $ref: getSchemaPath(PageInfoDto) },
        },
      },
    }),
  );
}
