import { ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { IsString, Length, Matches, ValidateIf } from 'class-validator';
import { CreateAccountDto, NOT_BLANK } from './create-account.dto.js';

/** Every field optional; email and phone may be null (cleared), the name may not. */
export class UpdateAccountDto extends PartialType(OmitType(CreateAccountDto, ['name'] as const)) {
  @ApiPropertyOptional({ minLength: 1, maxLength: 160 })
  @ValidateIf((_dto, value) => value !== undefined)
  @IsString()
  @Length(1, 160)
  @Matches(NOT_BLANK, { message: '$property must not be blank' })
  name?: string;
}
