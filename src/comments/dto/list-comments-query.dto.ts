import { ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { IsIn, IsNotIn, IsOptional } from 'class-validator';
import { ListQueryDto, SORTS, type Sort } from '../../core/pagination/list-query.dto.js';
import { IsCodeList } from '../../core/validation/validators.js';
import { UNMAPPED_COMMENT_TYPE } from '../comment-types.js';

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
      'Type names (description, reply_to_customer, reply_from_customer, internal_note) or C4C TypeCodes, comma-separated',
    example: 'reply_to_customer,10011',
  })
  @IsOptional()
  @IsCodeList()
  @IsNotIn([UNMAPPED_COMMENT_TYPE], {
    each: true,
    message: '$property cannot list "other", which names no TypeCode; give the codes',
  })
  type?: string[];
}
