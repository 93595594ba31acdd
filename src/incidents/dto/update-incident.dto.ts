import { ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { IsOptional, IsString, Matches } from 'class-validator';
import { CreateIncidentDto } from './create-incident.dto.js';

export class UpdateIncidentDto extends PartialType(CreateIncidentDto) {
  @ApiPropertyOptional({
    description: 'A category (open, in_progress, completed, closed) or a C4C status code',
    example: 'in_progress',
  })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9_]{1,32}$/, { message: '$property must be a status category or code' })
  status?: string;
}
