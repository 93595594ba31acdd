import { Inject, Injectable } from '@nestjs/common';
import { includeRaw } from '../core/http/include-raw.js';
import type { RequestContext } from '../core/http/request-context.js';
import type { Page } from '../core/pagination/page.js';
import { LinkResolverService } from '../links/link-resolver.service.js';
import { CollectionReader } from '../upstream/collection-reader.service.js';
import { HubRecords } from '../upstream/hub-records.js';
import { UpstreamClient } from '../upstream/upstream.client.js';
import type { ContactDto } from './dto/contact.dto.js';
import type { CreateContactDto } from './dto/create-contact.dto.js';
import type { ListContactsQueryDto } from './dto/list-contacts-query.dto.js';
import type { UpdateContactDto } from './dto/update-contact.dto.js';
import { contactOrderBy, contactWhere } from './contact-query.js';
import { toUpstreamContactCreate, toUpstreamContactFields } from './contact-write.mapper.js';
import { toContact } from './contact.mapper.js';
import type { UpstreamContact } from './upstream-contact.js';

@Injectable()
export class ContactsService {
  private readonly records: HubRecords<UpstreamContact>;

  constructor(
    @Inject(UpstreamClient) private readonly upstream: UpstreamClient,
    @Inject(CollectionReader) private readonly collections: CollectionReader,
    @Inject(LinkResolverService) private readonly links: LinkResolverService,
  ) {
    this.records = new HubRecords(upstream, 'contacts', 'contact');
  }

  async list(ctx: RequestContext, query: ListContactsQueryDto): Promise<Page<ContactDto>> {
    const { limit, cursor, sort, include, ...filters } = query;
    const withRaw = includeRaw(ctx, include);
    const accountKey = (await this.accountKey(ctx, filters.accountId)) ?? undefined;
    const result = await this.collections.read<UpstreamContact>(ctx, {
      collection: 'contacts',
      path: '/contacts',
      limit,
      cursor,
      filters: { ...filters, sort },
      where: contactWhere({ ...filters, accountKey }),
      orderBy: contactOrderBy(sort),
    });
    return { data: await this.toContacts(ctx, result.items, withRaw), page: result.page };
  }

  async findOne(ctx: RequestContext, id: string, include?: 'raw'): Promise<ContactDto> {
    const withRaw = includeRaw(ctx, include);
    const [contact] = await this.toContacts(ctx, [await this.records.read(ctx, id)], withRaw);
    return contact as ContactDto;
  }

  async create(ctx: RequestContext, dto: CreateContactDto): Promise<ContactDto> {
    const accountKey = await this.accountKey(ctx, dto.accountId);
    const created = await this.upstream.hub<UpstreamContact>({
      ...this.records.call(ctx),
      method: 'POST',
      path: '/contacts',
      body: toUpstreamContactCreate(dto, { accountKey }),
    });
    this.links.remember(ctx, 'contact', created.body.ContactID, created.body.ObjectID);
    const [contact] = await this.toContacts(ctx, [created.body], false);
    return contact as ContactDto;
  }

  async update(
    ctx: RequestContext,
    id: string,
    dto: UpdateContactDto,
    ifMatch?: string,
  ): Promise<ContactDto> {
    const fields = toUpstreamContactFields(dto, {
      accountKey: await this.accountKey(ctx, dto.accountId),
    });
    await this.records.checkIfMatch(ctx, id, ifMatch);
    await this.records.patch(ctx, id, fields);
    return this.findOne(ctx, id);
  }

  async remove(ctx: RequestContext, id: string, ifMatch?: string): Promise<void> {
    await this.records.checkIfMatch(ctx, id, ifMatch);
    await this.records.remove(ctx, id);
    this.links.forget(ctx, 'contact', id);
  }

  /** accountId → the account's business key; null stays null (unlink), undefined stays undefined. */
  private accountKey(
    ctx: RequestContext,
    accountId: string | null | undefined,
  ): Promise<string | null | undefined> {
    return accountId
      ? this.links.keyFor(ctx, 'account', accountId, 'accountId')
      : Promise.resolve(accountId);
  }

  private async toContacts(
    ctx: RequestContext,
    raws: UpstreamContact[],
    withRaw: boolean,
  ): Promise<ContactDto[]> {
    const links = await this.links.idsFor(ctx, {
      accounts: raws.map((r) => r.AccountID),
      contacts: [],
    });
    return raws.map((raw) => toContact(raw, links, withRaw));
  }
}
