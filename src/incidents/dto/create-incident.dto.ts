import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length, Matches } from 'class-validator';
import { IsResourceId } from '../../core/validation/validators.js';

const CODE = /^[A-Za-z0-9_]{1,32}$/;

export class CreateIncidentDto {
  @ApiProperty({ minLength: 1, maxLength: 255, example: 'Printer on fire' })
  @IsString()
  @Length(1, 255)
  subject!: string;

  @ApiPropertyOptional({
    maxLength: 32000,
    description: 'Written as the description entry (C4C TypeCode 10004)',
  })
  @IsOptional()
  @IsString()
  @Length(0, 32000)
  description?: string;

  @ApiPropertyOptional({
    description: 'A level (immediate, urgent, normal, low) or a C4C priority code',
    example: 'urgent',
  })
  @IsOptional()
  @IsString()
  @Matches(CODE, { message: '$property must be a priority level or code' })
  priority?: string;

  @ApiPropertyOptional({ description: 'Id of an existing account' })
  @IsOptional()
  @IsResourceId()
  accountId?: string;

  @ApiPropertyOptional({ description: 'Id of an existing contact' })
  @IsOptional()
  @IsResourceId()
  contactId?: string;
}
