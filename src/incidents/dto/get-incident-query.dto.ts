import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayUnique, IsIn, IsOptional } from 'class-validator';
import { IncludeQueryDto } from '../../core/pagination/list-query.dto.js';

export const EXPANSIONS = ['comments', 'contact', 'account'] as const;
export type Expansion = (typeof EXPANSIONS)[number];

export class GetIncidentQueryDto extends IncludeQueryDto {
  @ApiPropertyOptional({
    description:
      'Related records to fetch in parallel, comma-separated: comments (first page), contact, account',
    example: 'comments,contact,account',
  })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? value.split(',').map((v) => v.trim()) : value,
  )
  @ArrayUnique()
  @IsIn(EXPANSIONS, { each: true, message: '$property must list comments, contact or account' })
  expand?: Expansion[];
}
