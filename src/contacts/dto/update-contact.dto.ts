import { ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { IsString, Length, Matches, ValidateIf } from 'class-validator';
import { CreateContactDto, NOT_BLANK } from './create-contact.dto.js';

/** Every field optional; email, phone and accountId may be null (cleared), the names may not. */
export class UpdateContactDto extends PartialType(
  OmitType(CreateContactDto, ['firstName', 'lastName'] as const),
) {
  @ApiPropertyOptional({ minLength: 1, maxLength: 80 })
  @ValidateIf((_dto, value) => value !== undefined)
  @IsString()
  @Length(1, 80)
  @Matches(NOT_BLANK, { message: '$property must not be blank' })
  firstName?: string;

  @ApiPropertyOptional({ minLength: 1, maxLength: 80 })
  @ValidateIf((_dto, value) => value !== undefined)
  @IsString()
  @Length(1, 80)
  @Matches(NOT_BLANK, { message: '$property must not be blank' })
  lastName?: string;
}
