import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotIn, IsString, Length, Matches, ValidateIf } from 'class-validator';
import { UNMAPPED_COMMENT_TYPE } from '../comment-types.js';
import { IsNotBlank } from '../../core/validation/validators.js';

export const COMMENT_TYPE_VALUE = /^[A-Za-z0-9_]{1,32}$/;

export class CreateCommentDto {
  @ApiProperty({ minLength: 1, maxLength: 32000, example: 'We are looking into it.' })
  @IsString()
  @Length(1, 32000)
  @IsNotBlank()
  body!: string;

  @ApiPropertyOptional({
    default: 'reply_to_customer',
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
