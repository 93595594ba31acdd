import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsOptional, MaxLength } from 'class-validator';
import { ListQueryDto } from '../../core/pagination/list-query.dto.js';
import { IsIsoDate, IsResourceId, IsSearchText } from '../../core/validation/validators.js';

export class ListContactsQueryDto extends ListQueryDto {
  @ApiPropertyOptional({ description: 'Contacts of this account' })
  @IsOptional()
  @IsResourceId()
  accountId?: string;

  @ApiPropertyOptional({ maxLength: 254, description: 'Exact e-mail address' })
  @IsOptional()
  @MaxLength(254)
  @IsEmail()
  email?: string;

  @ApiPropertyOptional({ description: 'First or last name contains (case-insensitive)' })
  @IsOptional()
  @IsSearchText()
  q?: string;

  @ApiPropertyOptional({ format: 'date-time' }) @IsOptional() @IsIsoDate() updatedSince?: string;
}
