import { PartialType } from '@nestjs/swagger';
import { CreateCommentDto } from './create-comment.dto.js';

/**
 * Every field optional, neither nullable (`skipNullProperties: false` validates a null like any
 * value): C4C requires a text entry's Text and TypeCode, so null would only come back as an
 * upstream rejection.
 */
export class UpdateCommentDto extends PartialType(CreateCommentDto, {
  skipNullProperties: false,
}) {}
