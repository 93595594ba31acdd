import { Inject, Injectable } from '@nestjs/common';
import { includeRaw } from '../core/http/include-raw.js';
import type { RequestContext } from '../core/http/request-context.js';
import type { Page } from '../core/pagination/page.js';
import { LinkResolverService } from '../links/link-resolver.service.js';
import { CollectionReader } from '../upstream/collection-reader.service.js';
import { HubRecords } from '../upstream/hub-records.js';
import { UpstreamClient } from '../upstream/upstream.client.js';
import { accountOrderBy, accountWhere } from './account-query.js';
import { toUpstreamAccountCreate, toUpstreamAccountFields } from './account-write.mapper.js';
import { toAccount } from './account.mapper.js';
import type { AccountDto } from './dto/account.dto.js';
import type { CreateAccountDto } from './dto/create-account.dto.js';
import type { ListAccountsQueryDto } from './dto/list-accounts-query.dto.js';
import type { UpdateAccountDto } from './dto/update-account.dto.js';
import type { UpstreamAccount } from './upstream-account.js';

@Injectable()
export class AccountsService {
  private readonly records: HubRecords<UpstreamAccount>;

  constructor(
    @Inject(UpstreamClient) private readonly upstream: UpstreamClient,
    @Inject(CollectionReader) private readonly collections: CollectionReader,
    @Inject(LinkResolverService) private readonly links: LinkResolverService,
  ) {
    this.records = new HubRecords(upstream, 'accounts', 'account');
  }

  async list(ctx: RequestContext, query: ListAccountsQueryDto): Promise<Page<AccountDto>> {
    const { limit, cursor, sort, include, ...filters } = query;
    const withRaw = includeRaw(ctx, include);
    const result = await this.collections.read<UpstreamAccount>(ctx, {
      collection: 'accounts',
      path: '/accounts',
      limit,
      cursor,
      filters: { ...filters, sort },
      where: accountWhere(filters),
      orderBy: accountOrderBy(sort),
    });
    return { data: result.items.map((raw) => toAccount(raw, withRaw)), page: result.page };
  }

  async findOne(ctx: RequestContext, id: string, include?: 'raw'): Promise<AccountDto> {
    const withRaw = includeRaw(ctx, include);
    return toAccount(await this.records.read(ctx, id), withRaw);
  }

  async create(ctx: RequestContext, dto: CreateAccountDto): Promise<AccountDto> {
    const created = await this.upstream.hub<UpstreamAccount>({
      ...this.records.call(ctx),
      method: 'POST',
      path: '/accounts',
      body: toUpstreamAccountCreate(dto),
    });
    this.links.remember(ctx, 'account', created.body.AccountID, created.body.ObjectID);
    return toAccount(created.body);
  }

  async update(
    ctx: RequestContext,
    id: string,
    dto: UpdateAccountDto,
    ifMatch?: string,
  ): Promise<AccountDto> {
    await this.records.checkIfMatch(ctx, id, ifMatch);
    await this.records.patch(ctx, id, toUpstreamAccountFields(dto));
    return this.findOne(ctx, id);
  }

  async remove(ctx: RequestContext, id: string, ifMatch?: string): Promise<void> {
    await this.records.checkIfMatch(ctx, id, ifMatch);
    await this.records.remove(ctx, id);
    this.links.forget(ctx, 'account', id);
  }
}
