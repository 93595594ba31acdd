import { ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { IsNotIn, ValidateIf } from 'class-validator';
import { IsCode } from '../../core/validation/validators.js';
import { UNLISTED } from '../incident-codes.js';
import { CreateIncidentDto } from './create-incident.dto.js';

/**
 * Every field optional. `skipNullProperties: false` validates a null like any value, so null is
 * refused (a C4C ticket always has a subject, a priority and a status, and its description entry a
 * text), except where the create DTO allows it: accountId and contactId (`@IsOptional`), which
 * null unlinks.
 */
export class UpdateIncidentDto extends PartialType(CreateIncidentDto, {
  skipNullProperties: false,
}) {
  @ApiPropertyOptional({
    description:
      'A category (open, in_progress, completed, closed) or one of the tenant\'s status codes (GET /v1/incident-statuses); another code is a 400, and so is "unknown", which names no code',
    example: 'in_progress',
  })
  @ValidateIf((_dto, value) => value !== undefined)
  @IsCode('a status category or code')
  @IsNotIn([UNLISTED], {
    message: `$property "${UNLISTED}" names no code; give a category or code`,
  })
  status?: string;
}
