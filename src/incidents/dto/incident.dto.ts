import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  PRIORITY_LEVELS,
  STATUS_CATEGORIES,
  type PriorityLevel,
  type StatusCategory,
} from '../incident-codes.js';

export class IncidentStatusDto {
  @ApiProperty({ example: '1' }) code!: string;
  @ApiProperty({ example: 'Open' }) name!: string;
  @ApiProperty({ enum: STATUS_CATEGORIES }) category!: StatusCategory;
}

export class IncidentPriorityDto {
  @ApiProperty({ example: '2' }) code!: string;
  @ApiProperty({ example: 'Urgent' }) name!: string;
  @ApiProperty({ enum: PRIORITY_LEVELS }) level!: PriorityLevel;
}

export class IncidentDto {
  @ApiProperty({ example: '00163E038C2E1EE299C1BB0BE9398F9B' }) id!: string;
  @ApiProperty({ type: String, nullable: true, example: '4711' }) number!: string | null;
  @ApiProperty({ type: String, nullable: true }) subject!: string | null;
  @ApiProperty({ type: String, nullable: true }) description!: string | null;
  @ApiProperty({ type: IncidentStatusDto, nullable: true }) status!: IncidentStatusDto | null;
  @ApiProperty({ type: IncidentPriorityDto, nullable: true }) priority!: IncidentPriorityDto | null;
  @ApiProperty({ type: String, nullable: true, description: 'The linked account id' }) accountId!:
    string | null;
  @ApiProperty({ type: String, nullable: true, description: 'The linked contact id' }) contactId!:
    string | null;
  @ApiProperty({ type: String, nullable: true, description: 'The reporting contact id' })
  reporterId!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'C4C employee id' }) assigneeId!:
    string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) dueAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) createdAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) updatedAt!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Send as If-Match to update safely' })
  version!: string | null;
  @ApiPropertyOptional({
    description: 'The untouched upstream record (internal callers, include=raw)',
  })
  raw?: Record<string, unknown>;
}
