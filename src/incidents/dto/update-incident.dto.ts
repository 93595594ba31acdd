import { ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { ValidateIf } from 'class-validator';
import { IsCode } from '../../core/validation/validators.js';
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
    description: 'A category (open, in_progress, completed, closed) or a C4C status code',
    example: 'in_progress',
  })
  @ValidateIf((_dto, value) => value !== undefined)
  @IsCode('a status category or code')
  status?: string;
}
