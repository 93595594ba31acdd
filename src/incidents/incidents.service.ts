import { Inject, Injectable } from '@nestjs/common';
import { DESCRIPTION_TYPE_CODE, type UpstreamComment } from '../comments/upstream-comment.js';
import { ErrorCode } from '../core/errors/error-code.js';
import { GatewayError, type FieldError } from '../core/errors/gateway.error.js';
import { includeRaw } from '../core/http/include-raw.js';
import { checkVersion } from '../core/http/if-match.js';
import type { RequestContext } from '../core/http/request-context.js';
import type { Page } from '../core/pagination/page.js';
import { LinkResolverService } from '../links/link-resolver.service.js';
import { LookupLists } from '../lookups/lookup-lists.service.js';
import { CollectionReader } from '../upstream/collection-reader.service.js';
import { HubRecords } from '../upstream/hub-records.js';
import { hubPath } from '../upstream/upstream-call.js';
import { UpstreamClient } from '../upstream/upstream.client.js';
import type { CreateIncidentDto } from './dto/create-incident.dto.js';
import type { ExpandedIncidentDto } from './dto/expanded-incident.dto.js';
import type { GetIncidentQueryDto } from './dto/get-incident-query.dto.js';
import type { IncidentDto } from './dto/incident.dto.js';
import { IncidentExpansionService } from './incident-expansion.service.js';
import type { ListIncidentsQueryDto } from './dto/list-incidents-query.dto.js';
import type { UpdateIncidentDto } from './dto/update-incident.dto.js';
import { incidentOrderBy, incidentWhere } from './incident-query.js';
import {
  toUpstreamIncidentCreate,
  toUpstreamIncidentFields,
  type IncidentWriteKeys,
} from './incident-write.mapper.js';
import { toIncident } from './incident.mapper.js';
import { LISTED_CODE_FIELDS, unlistedCode, type ListedCodeField } from './listed-codes.js';
import type { UpstreamIncident } from './upstream-incident.js';

/** Descriptions are a navigation in C4C: expanding it inlines them, one call for the whole page. */
const EXPAND = 'ServiceRequestDescription';

@Injectable()
export class IncidentsService {
  private readonly records: HubRecords<UpstreamIncident>;

  constructor(
    @Inject(UpstreamClient) private readonly upstream: UpstreamClient,
    @Inject(CollectionReader) private readonly collections: CollectionReader,
    @Inject(LinkResolverService) private readonly links: LinkResolverService,
    @Inject(IncidentExpansionService) private readonly expansion: IncidentExpansionService,
    @Inject(LookupLists) private readonly lookupLists: LookupLists,
  ) {
    this.records = new HubRecords(upstream, 'incidents', 'incident', { expand: EXPAND });
  }

  async list(ctx: RequestContext, query: ListIncidentsQueryDto): Promise<Page<IncidentDto>> {
    const { limit, cursor, sort, include, ...filters } = query;
    const withRaw = includeRaw(ctx, include);
    const keys = await this.linkKeys(ctx, filters);
    const result = await this.collections.read<UpstreamIncident>(ctx, {
      collection: 'incidents',
      path: '/incidents',
      limit,
      cursor,
      filters: { ...filters, sort },
      where: incidentWhere({
        ...filters,
        accountKey: keys.accountKey ?? undefined,
        contactKey: keys.contactKey ?? undefined,
      }),
      orderBy: incidentOrderBy(sort),
      expand: EXPAND,
    });
    return { data: await this.toIncidents(ctx, result.items, withRaw), page: result.page };
  }

  async findOne(
    ctx: RequestContext,
    id: string,
    query: GetIncidentQueryDto = {},
  ): Promise<ExpandedIncidentDto> {
    const withRaw = includeRaw(ctx, query.include);
    const [incident] = await this.toIncidents(ctx, [await this.records.read(ctx, id)], withRaw);
    return query.expand?.length
      ? this.expansion.expand(ctx, incident as IncidentDto, query.expand)
      : (incident as IncidentDto);
  }

  async create(ctx: RequestContext, dto: CreateIncidentDto): Promise<IncidentDto> {
    await this.refuseUnlistedCodes(ctx, dto);
    const keys = await this.linkKeys(ctx, dto);
    const created = await this.upstream.hub<UpstreamIncident>({
      ...this.records.call(ctx),
      method: 'POST',
      path: '/incidents',
      body: toUpstreamIncidentCreate(dto, keys),
    });
    const [incident] = await this.toIncidents(ctx, [created.body], false);
    // The create answer does not expand descriptions; the one just written is the one there is.
    return { ...(incident as IncidentDto), description: dto.description ?? null };
  }

  async update(
    ctx: RequestContext,
    id: string,
    dto: UpdateIncidentDto,
    ifMatch?: string,
  ): Promise<IncidentDto> {
    await this.refuseUnlistedCodes(ctx, dto);
    const { description, ...fieldsDto } = dto;
    const current =
      ifMatch !== undefined || description !== undefined
        ? await this.records.read(ctx, id)
        : undefined;
    checkVersion(ifMatch, current?.ETag ?? null);
    const fields = toUpstreamIncidentFields(fieldsDto, await this.linkKeys(ctx, fieldsDto));
    await this.records.patch(ctx, id, fields);
    if (description !== undefined && current) {
      await this.writeDescription(ctx, current, description);
    }
    return this.findOne(ctx, id);
  }

  async remove(ctx: RequestContext, id: string, ifMatch?: string): Promise<void> {
    await this.records.checkIfMatch(ctx, id, ifMatch);
    await this.records.remove(ctx, id);
  }

  private async writeDescription(
    ctx: RequestContext,
    incident: UpstreamIncident,
    text: string,
  ): Promise<void> {
    const entries = Array.isArray(incident.ServiceRequestDescription)
      ? incident.ServiceRequestDescription
      : [];
    const existing = entries.find((e: UpstreamComment) => e.TypeCode === DESCRIPTION_TYPE_CODE);
    const comments = `/incidents${hubPath(incident.ObjectID)}/comments`;
    await (existing
      ? this.upstream.hub({
          ...this.records.call(ctx, incident.ObjectID),
          method: 'PATCH',
          path: `${comments}${hubPath(existing.ObjectID)}`,
          body: { Text: text },
        })
      : this.upstream.hub({
          ...this.records.call(ctx, incident.ObjectID),
          method: 'POST',
          path: comments,
          body: { Text: text, TypeCode: DESCRIPTION_TYPE_CODE },
        }));
  }

  /**
   * A status or priority the tenant's lookup list does not hold is a 400 naming the field, before
   * anything is written. When a list cannot be read the value goes to the upstream as given: C4C
   * codes can be customer-specific (status Z1), so no pattern could tell a wrong one.
   */
  private async refuseUnlistedCodes(
    ctx: RequestContext,
    dto: { status?: string; priority?: string },
  ): Promise<void> {
    const given = (Object.keys(LISTED_CODE_FIELDS) as ListedCodeField[]).filter(
      (field) => dto[field] !== undefined,
    );
    const errors = await Promise.all(
      given.map((field) => this.unlistedCode(ctx, field, dto[field] as string)),
    );
    const found = errors.filter((error): error is FieldError => error !== undefined);
    if (found.length > 0) {
      throw new GatewayError(
        ErrorCode.ValidationFailed,
        'Not a status or priority of this tenant',
        {
          errors: found,
        },
      );
    }
  }

  private async unlistedCode(
    ctx: RequestContext,
    field: ListedCodeField,
    value: string,
  ): Promise<FieldError | undefined> {
    const list = LISTED_CODE_FIELDS[field];
    const cached = await this.lookupLists.codes(ctx, list);
    const error = unlistedCode(field, value, cached?.codes);
    if (error === undefined || cached?.fresh !== false) {
      return error;
    }
    // A code added in C4C since the list was cached must not be refused: read it again first.
    const fresh = await this.lookupLists.codes(ctx, list, { fresh: true });
    return unlistedCode(field, value, fresh?.codes);
  }

  /** accountId/contactId → business keys; null stays null (unlink), undefined stays undefined. */
  private async linkKeys(
    ctx: RequestContext,
    dto: { accountId?: string | null; contactId?: string | null },
  ): Promise<IncidentWriteKeys> {
    const [accountKey, contactKey] = await Promise.all([
      dto.accountId ? this.links.keyFor(ctx, 'account', dto.accountId, 'accountId') : dto.accountId,
      dto.contactId ? this.links.keyFor(ctx, 'contact', dto.contactId, 'contactId') : dto.contactId,
    ]);
    return { accountKey, contactKey };
  }

  private async toIncidents(
    ctx: RequestContext,
    raws: UpstreamIncident[],
    withRaw: boolean,
  ): Promise<IncidentDto[]> {
    const links = await this.links.idsFor(ctx, {
      accounts: raws.map((r) => r.CustomerID),
      contacts: raws.flatMap((r) => [r.ReportedForPartyID, r.ReporterPartyID]),
    });
    return raws.map((raw) => toIncident(raw, links, withRaw));
  }
}
