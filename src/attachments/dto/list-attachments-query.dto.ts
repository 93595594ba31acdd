import { ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { ListQueryDto, SORTS, type Sort } from '../../core/pagination/list-query.dto.js';

export class ListAttachmentsQueryDto extends OmitType(ListQueryDto, ['sort'] as const) {
  @ApiPropertyOptional({
    enum: SORTS,
    default: 'createdAt',
    description:
      'Oldest first by default. Attachments never change, so updatedAt sorts as createdAt',
  })
  @IsOptional()
  @IsIn(SORTS)
  sort?: Sort;
}
