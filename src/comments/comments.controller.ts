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
import { Cached, Invalidates, type ScopesOf } from '../cache/cached.decorator.js';
import { Created } from '../core/http/created.decorator.js';
import { Ctx } from '../core/http/ctx.decorator.js';
import { refuseIfMatch } from '../core/http/if-match.js';
import { NoQueryParams } from '../core/validation/no-query-params.pipe.js';
import type { RequestContext } from '../core/http/request-context.js';
import type { Page } from '../core/pagination/page.js';
import { ApiPage } from '../core/openapi/api-page.decorator.js';
import { CommentsService } from './comments.service.js';
import { CommentIdParams, CommentsParams } from './dto/comment-id.params.js';
import { CommentDto } from './dto/comment.dto.js';
import { CreateCommentDto } from './dto/create-comment.dto.js';
import { GetCommentQueryDto } from './dto/get-comment-query.dto.js';
import { ListCommentsQueryDto } from './dto/list-comments-query.dto.js';
import { UpdateCommentDto } from './dto/update-comment.dto.js';

/** What an incident's comments depend on: their own scope, under the incident's. */
const COMMENTS_SCOPE: ScopesOf = ({ params }) => [CacheScopes.incidentComments(params.id)];

/** A comment write also changes the incident (its change time and version) in every list. */
const COMMENT_WRITE_SCOPES: ScopesOf = ({ params }) => [
  'incidents',
  CacheScopes.incident(params.id),
  CacheScopes.incidentComments(params.id),
];

@ApiTags('comments')
@Controller('v1/incidents/:id/comments')
export class CommentsController {
  constructor(@Inject(CommentsService) private readonly comments: CommentsService) {}

  @Get()
  @Cached({ resource: 'comments', scopes: COMMENTS_SCOPE })
  @ApiPage(CommentDto)
  list(
    @Ctx() ctx: RequestContext,
    @Param() params: CommentsParams,
    @Query() query: ListCommentsQueryDto,
  ): Promise<Page<CommentDto>> {
    return this.comments.list(ctx, params.id, query);
  }

  @Post()
  @Created()
  @Invalidates(COMMENT_WRITE_SCOPES)
  @ApiCreatedResponse({ type: CommentDto, description: 'The new comment; Location names it' })
  create(
    @Ctx() ctx: RequestContext,
    @Query(NoQueryParams) _query: unknown,
    @Param() params: CommentsParams,
    @Body() body: CreateCommentDto,
  ): Promise<CommentDto> {
    return this.comments.create(ctx, params.id, body);
  }

  @Get(':commentId')
  @Cached({ resource: 'comments', scopes: COMMENTS_SCOPE })
  @ApiOkResponse({ type: CommentDto })
  findOne(
    @Ctx() ctx: RequestContext,
    @Param() params: CommentIdParams,
    @Query() query: GetCommentQueryDto,
  ): Promise<CommentDto> {
    return this.comments.findOne(ctx, params.id, params.commentId, query.include);
  }

  @Patch(':commentId')
  @Invalidates(COMMENT_WRITE_SCOPES)
  @ApiOkResponse({
    type: CommentDto,
    description: 'C4C keeps no version of a comment, so If-Match is not checked here',
  })
  update(
    @Ctx() ctx: RequestContext,
    @Query(NoQueryParams) _query: unknown,
    @Param() params: CommentIdParams,
    @Body() body: UpdateCommentDto,
    @Headers('if-match') ifMatch?: string,
  ): Promise<CommentDto> {
    refuseIfMatch(ifMatch, 'Comments');
    return this.comments.update(ctx, params.id, params.commentId, body);
  }

  @Delete(':commentId')
  @HttpCode(204)
  @Invalidates(COMMENT_WRITE_SCOPES)
  @ApiNoContentResponse()
  remove(
    @Ctx() ctx: RequestContext,
    @Query(NoQueryParams) _query: unknown,
    @Param() params: CommentIdParams,
    @Headers('if-match') ifMatch?: string,
  ): Promise<void> {
    refuseIfMatch(ifMatch, 'Comments');
    return this.comments.remove(ctx, params.id, params.commentId);
  }
}
