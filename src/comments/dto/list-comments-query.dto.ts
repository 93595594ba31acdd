import { ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { ListQueryDto, SORTS, type Sort } from '../../core/pagination/list-query.dto.js';
import { IsCodeList } from '../../core/validation/validators.js';

export class ListCommentsQueryDto extends OmitType(ListQueryDto, ['sort'] as const) {
  @ApiPropertyOptional({
    enum: SORTS,
    default: 'createdAt',
    description: 'Oldest first by default, the natural order of a thread',
  })
  @IsOptional()
  @IsIn(SORTS)
  sort?: Sort;

  @ApiPropertyOptional({
    description:
      'Types (description, reply_to_customer, reply_from_customer, internal_note, other) or C4C TypeCodes, comma-separated; other is every TypeCode but 10004, 10007, 10008 and 10011',
    example: 'reply_to_customer,10011',
  })
  @IsOptional()
  @IsCodeList()
  type?: string[];
}
