import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotIn, IsString, Length, Matches, ValidateIf } from 'class-validator';
import { UNMAPPED_COMMENT_TYPE } from '../comment-types.js';
import { COMMENT_TYPE_VALUE } from './create-comment.dto.js';
import { IsNotBlank } from '../../core/validation/validators.js';

/**
 * The fields of CreateCommentDto, each optional but neither nullable: C4C requires a text entry's
 * Text and TypeCode, so null would only come back as an upstream rejection.
 */
export class UpdateCommentDto {
  @ApiPropertyOptional({ minLength: 1, maxLength: 32000 })
  @ValidateIf((_dto, value) => value !== undefined)
  @IsString()
  @Length(1, 32000)
  @IsNotBlank()
  body?: string;

  @ApiPropertyOptional({
    example: 'internal_note',
    description:
      'description, reply_to_customer, reply_from_customer, internal_note, or a C4C TypeCode ("other" names no code)',
  })
  @ValidateIf((_dto, value) => value !== undefined)
  @IsString()
  @Matches(COMMENT_TYPE_VALUE, { message: '$property must be a comment type or TypeCode' })
  @IsNotIn([UNMAPPED_COMMENT_TYPE], {
    message: '$property "other" names no TypeCode; give the code',
  })
  type?: string;
}
