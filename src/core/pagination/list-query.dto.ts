import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { ToInteger } from '../validation/validators.js';

export const SORTS = ['updatedAt', '-updatedAt', 'createdAt', '-createdAt'] as const;
export type Sort = (typeof SORTS)[number];

/** `?include=raw`: internal callers get the untouched upstream record as `raw`. */
export class IncludeQueryDto {
  @ApiPropertyOptional({ enum: ['raw'], description: 'Internal callers only' })
  @IsOptional()
  @IsIn(['raw'])
  include?: 'raw';
}

/** `limit`, `cursor`, `sort` and `include`, shared by every collection. */
export class ListQueryDto extends IncludeQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 25 })
  @IsOptional()
  @ToInteger()
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;

  @ApiPropertyOptional({ description: 'Opaque cursor from the previous page (`page.nextCursor`)' })
  @IsOptional()
  @IsString()
  @MaxLength(512)
  cursor?: string;

  @ApiPropertyOptional({ enum: SORTS, default: '-updatedAt' })
  @IsOptional()
  @IsIn(SORTS)
  sort?: Sort;
}
