import { ApiProperty } from '@nestjs/swagger';
import {
  PRIORITY_LEVELS,
  STATUS_CATEGORIES,
  type PriorityLevel,
  type StatusCategory,
} from '../incidents/incident-codes.js';

export class StatusLookupDto {
  @ApiProperty({ example: '1' }) code!: string;
  @ApiProperty({ example: 'Open' }) name!: string;
  @ApiProperty({ enum: STATUS_CATEGORIES }) category!: StatusCategory;
}

export class PriorityLookupDto {
  @ApiProperty({ example: '2' }) code!: string;
  @ApiProperty({ example: 'Urgent' }) name!: string;
  @ApiProperty({ enum: PRIORITY_LEVELS }) level!: PriorityLevel;
}

export class StatusLookupListDto {
  @ApiProperty({ type: [StatusLookupDto] }) data!: StatusLookupDto[];
}

export class PriorityLookupListDto {
  @ApiProperty({ type: [PriorityLookupDto] }) data!: PriorityLookupDto[];
}
