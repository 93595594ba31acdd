import { PartialType } from '@nestjs/swagger';
import { CreateContactDto } from './create-contact.dto.js';

/**
 * Every field optional. `skipNullProperties: false` validates a null like any value, so null is
 * refused, except where the create DTO allows it (`@IsOptional`: email, phone and accountId,
 * cleared by null); the names may not be null.
 */
export class UpdateContactDto extends PartialType(CreateContactDto, {
  skipNullProperties: false,
}) {}
