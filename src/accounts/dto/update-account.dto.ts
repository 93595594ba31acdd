import { PartialType } from '@nestjs/swagger';
import { CreateAccountDto } from './create-account.dto.js';

/**
 * Every field optional. `skipNullProperties: false` validates a null like any value, so null is
 * refused, except where the create DTO allows it (`@IsOptional`: email and phone, cleared by null).
 */
export class UpdateAccountDto extends PartialType(CreateAccountDto, {
  skipNullProperties: false,
}) {}
