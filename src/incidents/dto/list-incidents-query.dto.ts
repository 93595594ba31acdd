import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { ListQueryDto } from '../../core/pagination/list-query.dto.js';
import {
  IsCodeList,
  IsIsoDate,
  IsResourceId,
  IsSearchText,
} from '../../core/validation/validators.js';

export class ListIncidentsQueryDto extends ListQueryDto {
  @ApiPropertyOptional({
    description:
      'Status categories (open, in_progress, completed, closed, unknown) or codes, comma-separated; unknown is every code but 1-4',
    example: 'open,in_progress',
  })
  @IsOptional()
  @IsCodeList()
  status?: string[];

  @ApiPropertyOptional({
    description:
      'Priority levels (immediate, urgent, normal, low, unknown) or codes, comma-separated; unknown is every code but 1, 2, 3 and 7',
    example: 'urgent,1',
  })
  @IsOptional()
  @IsCodeList()
  priority?: string[];

  @ApiPropertyOptional() @IsOptional() @IsResourceId() accountId?: string;
  @ApiPropertyOptional() @IsOptional() @IsResourceId() contactId?: string;

  @ApiPropertyOptional({ description: 'Subject contains (case-insensitive)' })
  @IsOptional()
  @IsSearchText()
  q?: string;

  @ApiPropertyOptional({ format: 'date-time' }) @IsOptional() @IsIsoDate() updatedSince?: string;
  @ApiPropertyOptional({ format: 'date-time' }) @IsOptional() @IsIsoDate() createdSince?: string;
}
