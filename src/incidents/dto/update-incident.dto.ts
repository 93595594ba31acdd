import { ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { IsString, Length, Matches, ValidateIf } from 'class-validator';
import { CODE, CreateIncidentDto } from './create-incident.dto.js';
import { IsNotBlank } from '../../core/validation/validators.js';

/**
 * Every field optional; accountId and contactId may be null (unlinked), the others may not:
 * a C4C ticket always has a subject, a priority and a status, and its description entry a text.
 */
export class UpdateIncidentDto extends PartialType(
  OmitType(CreateIncidentDto, ['subject', 'description', 'priority'] as const),
) {
  @ApiPropertyOptional({ minLength: 1, maxLength: 255 })
  @ValidateIf((_dto, value) => value !== undefined)
  @IsString()
  @Length(1, 255)
  @IsNotBlank()
  subject?: string;

  @ApiPropertyOptional({
    minLength: 1,
    maxLength: 32000,
    description: 'Replaces the text of the description entry (C4C TypeCode 10004); not blank',
  })
  @ValidateIf((_dto, value) => value !== undefined)
  @IsString()
  @Length(1, 32000)
  @IsNotBlank()
  description?: string;

  @ApiPropertyOptional({
    description: 'A level (immediate, urgent, normal, low) or a C4C priority code',
    example: 'urgent',
  })
  @ValidateIf((_dto, value) => value !== undefined)
  @IsString()
  @Matches(CODE, { message: '$property must be a priority level or code' })
  priority?: string;

  @ApiPropertyOptional({
    description: 'A category (open, in_progress, completed, closed) or a C4C status code',
    example: 'in_progress',
  })
  @ValidateIf((_dto, value) => value !== undefined)
  @IsString()
  @Matches(CODE, { message: '$property must be a status category or code' })
  status?: string;
}
