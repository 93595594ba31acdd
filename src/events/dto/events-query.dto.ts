import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsIn, IsOptional } from 'class-validator';
import { EVENT_RESOURCES, type EventResource } from '../helpdesk-event.js';

export class EventsQueryDto {
  @ApiPropertyOptional({
    description: `Only events about these resources, comma-separated (${EVENT_RESOURCES.join(', ')})`,
    example: 'incidents,contacts',
    type: String,
  })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? value.split(',').map((v) => v.trim()) : value,
  )
  @ArrayMinSize(1)
  @ArrayMaxSize(EVENT_RESOURCES.length)
  @IsIn(EVENT_RESOURCES, {
    each: true,
    message: `resource must be a comma-separated list of ${EVENT_RESOURCES.join(', ')}`,
  })
  resource?: EventResource[];
}
