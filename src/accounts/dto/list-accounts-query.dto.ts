import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { ListQueryDto } from '../../core/pagination/list-query.dto.js';
import { IsIsoDate, IsSearchText } from '../../core/validation/validators.js';

export class ListAccountsQueryDto extends ListQueryDto {
  @ApiPropertyOptional({ description: 'Name contains (case-insensitive)' })
  @IsOptional()
  @IsSearchText()
  q?: string;

  @ApiPropertyOptional({ format: 'date-time' }) @IsOptional() @IsIsoDate() updatedSince?: string;
}
