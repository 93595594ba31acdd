import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsString, Length, ValidateIf } from 'class-validator';
import { WRITABLE_COMMENT_TYPES, WRITABLE_TYPE_MESSAGE } from '../comment-types.js';
import { IsNotBlank } from '../../core/validation/validators.js';

export class CreateCommentDto {
  @ApiProperty({ minLength: 1, maxLength: 32000, example: 'We are looking into it.' })
  @IsString()
  @Length(1, 32000)
  @IsNotBlank()
  body!: string;

  @ApiPropertyOptional({
    enum: WRITABLE_COMMENT_TYPES,
    default: 'reply_to_customer',
    example: 'internal_note',
    description:
      'A named type or its C4C TypeCode (10004 description, 10007 reply_to_customer, 10008 reply_from_customer, 10011 internal_note); "other" and any other code are a 400. An incident has at most one description comment (it holds the incident\'s description): a write that would make a second is a 400, and so is changing the description comment\'s type',
  })
  @ValidateIf((_dto, value) => value !== undefined)
  @IsString()
  @IsIn(WRITABLE_COMMENT_TYPES, { message: `$property ${WRITABLE_TYPE_MESSAGE}` })
  type?: string;
}
