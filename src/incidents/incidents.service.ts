import { Inject, Injectable } from '@nestjs/common';
import { includeRaw } from '../core/http/include-raw.js';
import type { RequestContext } from '../core/http/request-context.js';
import type { Page } from '../core/pagination/page.js';
import { LinkResolverService } from '../links/link-resolver.service.js';
import { CollectionReader } from '../upstream/collection-reader.service.js';
import { hubPath } from '../upstream/upstream-call.js';
import { UpstreamClient } from '../upstream/upstream.client.js';
import type { IncidentDto } from './dto/incident.dto.js';
import type { ListIncidentsQueryDto } from './dto/list-incidents-query.dto.js';
import { incidentOrderBy, incidentWhere } from './incident-query.js';
import { toIncident } from './incident.mapper.js';
import type { UpstreamIncident } from './upstream-incident.js';

/** Descriptions are a navigation in C4C: expanding it inlines them, one call for the whole page. */
const EXPAND = 'ServiceRequestDescription';

@Injectable()
export class IncidentsService {
  constructor(
    @Inject(UpstreamClient) private readonly upstream: UpstreamClient,
    @Inject(CollectionReader) private readonly collections: CollectionReader,
    @Inject(LinkResolverService) private readonly links: LinkResolverService,
  ) {}

  async list(ctx: RequestContext, query: ListIncidentsQueryDto): Promise<Page<IncidentDto>> {
    const { limit, cursor, sort, include, ...filters } = query;
    const withRaw = includeRaw(ctx, include);
    const [accountKey, contactKey] = await Promise.all([
      filters.accountId && this.links.keyFor(ctx, 'account', filters.accountId, 'accountId'),
      filters.contactId && this.links.keyFor(ctx, 'contact', filters.contactId, 'contactId'),
    ]);
    const result = await this.collections.read<UpstreamIncident>(ctx, {
      collection: 'incidents',
      path: '/incidents',
      limit,
      cursor,
      filters: { ...filters, sort },
      where: incidentWhere({ ...filters, accountKey: accountKey || undefined, contactKey: contactKey || undefined }),
      orderBy: incidentOrderBy(sort),
      expand: EXPAND,
    });
    return { data: await this.toIncidents(ctx, result.items, withRaw), page: result.page };
  }

  async findOne(ctx: RequestContext, id: string, include?: 'raw'): Promise<IncidentDto> {
    const withRaw = includeRaw(ctx, include);
    const result = await this.upstream.hub<UpstreamIncident>({
      tenant: ctx.tenant,
      method: 'GET',
      path: `/incidents${hubPath(id)}`,
      query: { expand: EXPAND },
      requestId: ctx.requestId,
      deadlineAt: ctx.deadlineAt,
      subject: `incident with id ${id}`,
    });
    const [incident] = await this.toIncidents(ctx, [result.body], withRaw);
    return incident as IncidentDto;
  }

  private async toIncidents(ctx: RequestContext, raws: UpstreamIncident[], includeRaw: boolean): Promise<IncidentDto[]> {
    const links = await this.links.idsFor(ctx, {
      accounts: raws.map((r) => r.CustomerID),
      contacts: raws.flatMap((r) => [r.ReportedForPartyID, r.ReporterPartyID]),
    });
    return raws.map((raw) => toIncident(raw, links, includeRaw));
  }
}
