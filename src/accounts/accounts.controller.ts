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
import { AccountIdParams } from './dto/account-id.params.js';
import { AccountDto } from './dto/account.dto.js';
import { CreateAccountDto } from './dto/create-account.dto.js';
import { GetAccountQueryDto } from './dto/get-account-query.dto.js';
import { ListAccountsQueryDto } from './dto/list-accounts-query.dto.js';
import { UpdateAccountDto } from './dto/update-account.dto.js';
import { AccountsService } from './accounts.service.js';

@ApiTags('accounts')
@Controller('v1/accounts')
export class AccountsController {
  constructor(@Inject(AccountsService) private readonly accounts: AccountsService) {}

  @Get()
  @Cached({ resource: 'accounts', scopes: () => [CacheScopes.accounts] })
  @ApiPage(AccountDto)
  list(
    @Ctx() ctx: RequestContext,
    @Query() query: ListAccountsQueryDto,
  ): Promise<Page<AccountDto>> {
    return this.accounts.list(ctx, query);
  }

  @Post()
  @Created()
  @Invalidates(() => [CacheScopes.accounts])
  @ApiCreatedResponse({ type: AccountDto, description: 'The new account; Location names it' })
  create(
    @Ctx() ctx: RequestContext,
    @Query(NoQueryParams) _query: unknown,
    @Body() body: CreateAccountDto,
  ): Promise<AccountDto> {
    return this.accounts.create(ctx, body);
  }

  @Get(':id')
  @Cached({ resource: 'accounts', scopes: ({ params }) => [CacheScopes.account(params.id)] })
  @ApiOkResponse({ type: AccountDto })
  findOne(
    @Ctx() ctx: RequestContext,
    @Param() params: AccountIdParams,
    @Query() query: GetAccountQueryDto,
  ): Promise<AccountDto> {
    return this.accounts.findOne(ctx, params.id, query.include);
  }

  @Patch(':id')
  @Invalidates(({ params }) => [CacheScopes.accounts, CacheScopes.account(params.id)])
  @ApiOkResponse({ type: AccountDto })
  update(
    @Ctx() ctx: RequestContext,
    @Query(NoQueryParams) _query: unknown,
    @Param() params: AccountIdParams,
    @Body() body: UpdateAccountDto,
    @Headers('if-match') ifMatch?: string,
  ): Promise<AccountDto> {
    return this.accounts.update(ctx, params.id, body, ifMatchVersion(ifMatch));
  }

  @Delete(':id')
  @HttpCode(204)
  // Links to a deleted record read as null from now on (incidents, contacts).
  @Invalidates(({ params }) => [
    CacheScopes.accounts,
    CacheScopes.account(params.id),
    CacheScopes.links,
  ])
  @ApiNoContentResponse()
  remove(
    @Ctx() ctx: RequestContext,
    @Query(NoQueryParams) _query: unknown,
    @Param() params: AccountIdParams,
    @Headers('if-match') ifMatch?: string,
  ): Promise<void> {
    return this.accounts.remove(ctx, params.id, ifMatchVersion(ifMatch));
  }
}
