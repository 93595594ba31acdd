import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotIn, IsOptional, IsString, Length, ValidateIf } from 'class-validator';
import { IsCode, IsNotBlank, IsResourceId } from '../../core/validation/validators.js';
import { UNLISTED } from '../incident-codes.js';

export class CreateIncidentDto {
  @ApiProperty({ minLength: 1, maxLength: 255, example: 'Printer on fire' })
  @IsString()
  @Length(1, 255)
  @IsNotBlank()
  subject!: string;

  // C4C refuses a description entry without text, and blank text would read back as null.
  @ApiPropertyOptional({
    minLength: 1,
    maxLength: 32000,
    description: 'Written as the description entry (C4C TypeCode 10004); not blank',
  })
  @ValidateIf((_dto, value) => value !== undefined)
  @IsString()
  @Length(1, 32000)
  @IsNotBlank()
  description?: string;

  @ApiPropertyOptional({
    description:
      'A level (immediate, urgent, normal, low) or one of the tenant\'s priority codes (GET /v1/incident-priorities); another code is a 400, and so is "unknown", which names no code',
    example: 'urgent',
  })
  @ValidateIf((_dto, value) => value !== undefined)
  @IsCode('a priority level or code')
  @IsNotIn([UNLISTED], { message: `$property "${UNLISTED}" names no code; give a level or code` })
  priority?: string;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'Id of an existing account; null (on update) unlinks',
  })
  @IsOptional()
  @IsResourceId()
  accountId?: string | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'Id of an existing contact; null (on update) unlinks',
  })
  @IsOptional()
  @IsResourceId()
  contactId?: string | null;
}
