import { ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { IsString, Length, ValidateIf } from 'class-validator';
import { CreateAccountDto } from './create-account.dto.js';
import { IsNotBlank } from '../../core/validation/validators.js';

/** Every field optional; email and phone may be null (cleared), the name may not. */
export class UpdateAccountDto extends PartialType(OmitType(CreateAccountDto, ['name'] as const)) {
  @ApiPropertyOptional({ minLength: 1, maxLength: 160 })
  @ValidateIf((_dto, value) => value !== undefined)
  @IsString()
  @Length(1, 160)
  @IsNotBlank()
  name?: string;
}
