import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Cached } from '../cache/cached.decorator.js';
import { Ctx } from '../core/http/ctx.decorator.js';
import type { RequestContext } from '../core/http/request-context.js';
import { NoQueryParams } from '../core/validation/no-query-params.pipe.js';
import { PriorityLookupListDto, StatusLookupListDto } from './lookup.dto.js';
import { LOOKUP_ROUTES, LOOKUPS_CACHE_POLICY } from './lookup-routes.js';
import { LookupsService } from './lookups.service.js';

@ApiTags('lookups')
/** Lookup lists come whole: no paging, no filters, and so no query parameters. */
@Controller('v1')
export class LookupsController {
  constructor(@Inject(LookupsService) private readonly lookups: LookupsService) {}

  @Get(LOOKUP_ROUTES.statuses)
  @Cached(LOOKUPS_CACHE_POLICY)
  @ApiOkResponse({ type: StatusLookupListDto })
  statuses(
    @Ctx() ctx: RequestContext,
    @Query(NoQueryParams) _query: unknown,
  ): Promise<StatusLookupListDto> {
    return this.lookups.statuses(ctx);
  }

  @Get(LOOKUP_ROUTES.priorities)
  @Cached(LOOKUPS_CACHE_POLICY)
  @ApiOkResponse({ type: PriorityLookupListDto })
  priorities(
    @Ctx() ctx: RequestContext,
    @Query(NoQueryParams) _query: unknown,
  ): Promise<PriorityLookupListDto> {
    return this.lookups.priorities(ctx);
  }
}
