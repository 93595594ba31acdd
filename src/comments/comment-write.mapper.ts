import { ErrorCode } from '../core/errors/error-code.js';
import { GatewayError } from '../core/errors/gateway.error.js';
import { DEFAULT_COMMENT_TYPE, commentTypeCodeFor } from './comment-types.js';
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

/** A type name or code to write; `other` names no code, so it cannot be written. */
export function typeCode(type: string): string {
  const code = commentTypeCodeFor(type);
  if (code === undefined) {
    throw new GatewayError(
      ErrorCode.ValidationFailed,
      'The comment type "other" cannot be written',
      {
        errors: [{ field: 'type', message: 'must be a type other than "other", or a TypeCode' }],
      },
    );
  }
  return code;
}
