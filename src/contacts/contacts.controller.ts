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
import { CacheScopes } from '../cache/cache-scopes.js';
import { Cached, Invalidates } from '../cache/cached.decorator.js';
import { Created } from '../core/http/created.decorator.js';
import { Ctx } from '../core/http/ctx.decorator.js';
import { NoQueryParams } from '../core/validation/no-query-params.pipe.js';
import { ifMatchVersion } from '../core/http/if-match.js';
import type { RequestContext } from '../core/http/request-context.js';
import { ApiPage } from '../core/openapi/api-page.decorator.js';
import type { Page } from '../core/pagination/page.js';
import { ContactIdParams } from './dto/contact-id.params.js';
import { ContactDto } from './dto/contact.dto.js';
import { CreateContactDto } from './dto/create-contact.dto.js';
import { GetContactQueryDto } from './dto/get-contact-query.dto.js';
import { ListContactsQueryDto } from './dto/list-contacts-query.dto.js';
import { UpdateContactDto } from './dto/update-contact.dto.js';
import { ContactsService } from './contacts.service.js';

@ApiTags('contacts')
@Controller('v1/contacts')
export class ContactsController {
  constructor(@Inject(ContactsService) private readonly contacts: ContactsService) {}

  @Get()
  @Cached({ resource: 'contacts', scopes: () => [CacheScopes.contacts, CacheScopes.links] })
  @ApiPage(ContactDto)
  list(
    @Ctx() ctx: RequestContext,
    @Query() query: ListContactsQueryDto,
  ): Promise<Page<ContactDto>> {
    return this.contacts.list(ctx, query);
  }

  @Post()
  @Created()
  @Invalidates(() => [CacheScopes.contacts])
  @ApiCreatedResponse({ type: ContactDto, description: 'The new contact; Location names it' })
  create(
    @Ctx() ctx: RequestContext,
    @Query(NoQueryParams) _query: unknown,
    @Body() body: CreateContactDto,
  ): Promise<ContactDto> {
    return this.contacts.create(ctx, body);
  }

  @Get(':id')
  @Cached({
    resource: 'contacts',
    scopes: ({ params }) => [CacheScopes.contact(params.id), CacheScopes.links],
  })
  @ApiOkResponse({ type: ContactDto })
  findOne(
    @Ctx() ctx: RequestContext,
    @Param() params: ContactIdParams,
    @Query() query: GetContactQueryDto,
  ): Promise<ContactDto> {
    return this.contacts.findOne(ctx, params.id, query.include);
  }

  @Patch(':id')
  @Invalidates(({ params }) => [CacheScopes.contacts, CacheScopes.contact(params.id)])
  @ApiOkResponse({ type: ContactDto })
  update(
    @Ctx() ctx: RequestContext,
    @Query(NoQueryParams) _query: unknown,
    @Param() params: ContactIdParams,
    @Body() body: UpdateContactDto,
    @Headers('if-match') ifMatch?: string,
  ): Promise<ContactDto> {
    return this.contacts.update(ctx, params.id, body, ifMatchVersion(ifMatch));
  }

  @Delete(':id')
  @HttpCode(204)
  // Links to a deleted record read as null from now on (incidents, contacts).
  @Invalidates(({ params }) => [
    CacheScopes.contacts,
    CacheScopes.contact(params.id),
    CacheScopes.links,
  ])
  @ApiNoContentResponse()
  remove(
    @Ctx() ctx: RequestContext,
    @Query(NoQueryParams) _query: unknown,
    @Param() params: ContactIdParams,
    @Headers('if-match') ifMatch?: string,
  ): Promise<void> {
    return this.contacts.remove(ctx, params.id, ifMatchVersion(ifMatch));
  }
}
