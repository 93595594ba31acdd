import {
  Body,
  Controller,
  Delete,
  Get,
  Headers,
  HttpCode,
  Inject,
  Param,
  Patch,
  Post,
  Query,
} from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ApiPage } from '../core/openapi/api-page.decorator.js';
import { Cached, Invalidates } from '../cache/cached.decorator.js';
import { Created } from '../core/http/created.decorator.js';
import { Ctx } from '../core/http/ctx.decorator.js';
import { NoQueryParams } from '../core/validation/no-query-params.pipe.js';
import { ifMatchVersion } from '../core/http/if-match.js';
import type { RequestContext } from '../core/http/request-context.js';
import type { Page } from '../core/pagination/page.js';
import { CreateIncidentDto } from './dto/create-incident.dto.js';
import { ExpandedIncidentDto } from './dto/expanded-incident.dto.js';
import { GetIncidentQueryDto } from './dto/get-incident-query.dto.js';
import { IncidentDto } from './dto/incident.dto.js';
import { IncidentIdParams } from './dto/incident-id.params.js';
import { ListIncidentsQueryDto } from './dto/list-incidents-query.dto.js';
import { UpdateIncidentDto } from './dto/update-incident.dto.js';
import { IncidentsService } from './incidents.service.js';
import { CacheScopes } from '../cache/cache-scopes.js';

@ApiTags('incidents')
@Controller('v1/incidents')
export class IncidentsController {
  constructor(@Inject(IncidentsService) private readonly incidents: IncidentsService) {}

  @Get()
  @Cached({ resource: 'incidents', scopes: () => [CacheScopes.incidents, CacheScopes.links] })
  @ApiPage(IncidentDto)
  list(
    @Ctx() ctx: RequestContext,
    @Query() query: ListIncidentsQueryDto,
  ): Promise<Page<IncidentDto>> {
    return this.incidents.list(ctx, query);
  }

  @Post()
  @Created()
  @Invalidates(() => [CacheScopes.incidents])
  @ApiCreatedResponse({ type: IncidentDto, description: 'The new incident; Location names it' })
  create(
    @Ctx() ctx: RequestContext,
    @Query(NoQueryParams) _query: unknown,
    @Body() body: CreateIncidentDto,
  ): Promise<IncidentDto> {
    return this.incidents.create(ctx, body);
  }

  @Get(':id')
  @Cached({
    resource: 'incidents',
    // Expanded bodies also hold the thread and the linked contact and account.
    scopes: ({ params, query }) =>
      query.expand
        ? [
            CacheScopes.incident(params.id),
            CacheScopes.incidentComments(params.id),
            CacheScopes.contacts,
            CacheScopes.accounts,
          ]
        : [CacheScopes.incident(params.id), CacheScopes.links],
  })
  @ApiOkResponse({ type: ExpandedIncidentDto })
  findOne(
    @Ctx() ctx: RequestContext,
    @Param() params: IncidentIdParams,
    @Query() query: GetIncidentQueryDto,
  ): Promise<ExpandedIncidentDto> {
    return this.incidents.findOne(ctx, params.id, query);
  }

  @Patch(':id')
  // The description is the incident's 10004 comment, so its thread changes too.
  @Invalidates(({ params }) => [
    CacheScopes.incidents,
    CacheScopes.incident(params.id),
    CacheScopes.incidentComments(params.id),
  ])
  @ApiOkResponse({ type: IncidentDto })
  update(
    @Ctx() ctx: RequestContext,
    @Query(NoQueryParams) _query: unknown,
    @Param() params: IncidentIdParams,
    @Body() body: UpdateIncidentDto,
    @Headers('if-match') ifMatch?: string,
  ): Promise<IncidentDto> {
    return this.incidents.update(ctx, params.id, body, ifMatchVersion(ifMatch));
  }

  @Delete(':id')
  @HttpCode(204)
  @Invalidates(({ params }) => [
    CacheScopes.incidents,
    CacheScopes.incident(params.id),
    CacheScopes.incidentComments(params.id),
    CacheScopes.incidentAttachments(params.id),
  ])
  @ApiNoContentResponse()
  remove(
    @Ctx() ctx: RequestContext,
    @Query(NoQueryParams) _query: unknown,
    @Param() params: IncidentIdParams,
    @Headers('if-match') ifMatch?: string,
  ): Promise<void> {
    return this.incidents.remove(ctx, params.id, ifMatchVersion(ifMatch));
  }
}
