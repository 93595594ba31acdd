import { ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { IsString, Length, ValidateIf } from 'class-validator';
import { CreateContactDto } from './create-contact.dto.js';
import { IsNotBlank } from '../../core/validation/validators.js';

/** Every field optional; email, phone and accountId may be null (cleared), the names may not. */
export class UpdateContactDto extends PartialType(
  OmitType(CreateContactDto, ['firstName', 'lastName'] as const),
) {
  @ApiPropertyOptional({ minLength: 1, maxLength: 80 })
  @ValidateIf((_dto, value) => value !== undefined)
  @IsString()
  @Length(1, 80)
  @IsNotBlank()
  firstName?: string;

  @ApiPropertyOptional({ minLength: 1, maxLength: 80 })
  @ValidateIf((_dto, value) => value !== undefined)
  @IsString()
  @Length(1, 80)
  @IsNotBlank()
  lastName?: string;
}
