import { ErrorCode } from '../core/errors/error-code.js';
import { GatewayError } from '../core/errors/gateway.error.js';
import { DEFAULT_COMMENT_TYPE, WRITABLE_TYPE_MESSAGE, writableTypeCode } from './comment-types.js';
import type { CreateCommentDto } from './dto/create-comment.dto.js';
import type { UpdateCommentDto } from './dto/update-comment.dto.js';
import type { UpstreamCommentWrite } from './upstream-comment.js';

/** Normalized create body → native `{ Text, TypeCode }`; the type defaults to a reply to the customer. */
export function toUpstreamCommentCreate(dto: CreateCommentDto): UpstreamCommentWrite {
  return { Text: dto.body, TypeCode: typeCode(dto.type ?? DEFAULT_COMMENT_TYPE) };
}

/** The native fields of a PATCH: only what was given. */
export function toUpstreamCommentFields(dto: UpdateCommentDto): UpstreamCommentWrite {
  const write: UpstreamCommentWrite = {};
  if (dto.body !== undefined) {
    write.Text = dto.body;
  }
  if (dto.type !== undefined) {
    write.TypeCode = typeCode(dto.type);
  }
  return write;
}

/** The TypeCode to write for a type name or one of the named types' codes; anything else is a 400. */
export function typeCode(type: string): string {
  const code = writableTypeCode(type);
  if (code === undefined) {
    throw new GatewayError(ErrorCode.ValidationFailed, 'This comment type cannot be written', {
      errors: [{ field: 'type', message: WRITABLE_TYPE_MESSAGE }],
    });
  }
  return code;
}
