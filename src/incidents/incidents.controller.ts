import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Ctx } from '../core/http/ctx.decorator.js';
import type { RequestContext } from '../core/http/request-context.js';
import type { Page } from '../core/pagination/page.js';
import { GetIncidentQueryDto } from './dto/get-incident-query.dto.js';
import type { IncidentDto } from './dto/incident.dto.js';
import { IncidentIdParams } from './dto/incident-id.params.js';
import { ListIncidentsQueryDto } from './dto/list-incidents-query.dto.js';
import { IncidentsService } from './incidents.service.js';

@ApiTags('incidents')
@Controller('v1/incidents')
export class IncidentsController {
  constructor(@Inject(IncidentsService) private readonly incidents: IncidentsService) {}

  @Get()
  list(@Ctx() ctx: RequestContext, @Query() query: ListIncidentsQueryDto): Promise<Page<IncidentDto>> {
    return this.incidents.list(ctx, query);
  }

  @Get(':id')
  findOne(
    @Ctx() ctx: RequestContext,
    @Param() params: IncidentIdParams,
    @Query() query: GetIncidentQueryDto,
  ): Promise<IncidentDto> {
    return this.incidents.findOne(ctx, params.id, query.include);
  }
}
