import { Inject, Injectable } from '@nestjs/common';
import { includeRaw } from '../core/http/include-raw.js';
import type { RequestContext } from '../core/http/request-context.js';
import type { Page } from '../core/pagination/page.js';
import { Ceql } from '../upstream/ceql.js';
import { CollectionReader } from '../upstream/collection-reader.service.js';
import { callFrom, hubPath } from '../upstream/upstream-call.js';
import { UpstreamClient } from '../upstream/upstream.client.js';
import { commentOrderBy, commentWhere } from './comment-query.js';
import { toUpstreamCommentCreate, toUpstreamCommentFields } from './comment-write.mapper.js';
import { toComment } from './comment.mapper.js';
import { descriptionTypeChangeError, secondDescriptionError } from './description-comment.js';
import type { CommentDto } from './dto/comment.dto.js';
import type { CreateCommentDto } from './dto/create-comment.dto.js';
import type { ListCommentsQueryDto } from './dto/list-comments-query.dto.js';
import type { UpdateCommentDto } from './dto/update-comment.dto.js';
import { DESCRIPTION_TYPE_CODE, type UpstreamComment } from './upstream-comment.js';

/** An incident's comments: C4C ServiceRequestDescription entries under `/incidents/{id}/comments`. */
@Injectable()
export class CommentsService {
  constructor(
    @Inject(UpstreamClient) private readonly upstream: UpstreamClient,
    @Inject(CollectionReader) private readonly collections: CollectionReader,
  ) {}

  async list(
    ctx: RequestContext,
    incidentId: string,
    query: ListCommentsQueryDto,
  ): Promise<Page<CommentDto>> {
    const { limit, cursor, sort, include, type } = query;
    const withRaw = includeRaw(ctx, include);
    const result = await this.collections.read<UpstreamComment>(ctx, {
      // Per incident, so a cursor cannot be replayed on another incident's thread.
      collection: `incidents/${incidentId}/comments`,
      path: commentsPath(incidentId),
      limit,
      cursor,
      filters: { type, sort },
      where: commentWhere(type),
      orderBy: commentOrderBy(sort),
      subject: `incident with id ${incidentId}`,
    });
    return {
      data: result.items.map((raw) => toComment(raw, incidentId, withRaw)),
      page: result.page,
    };
  }

  async findOne(
    ctx: RequestContext,
    incidentId: string,
    commentId: string,
    include?: 'raw',
  ): Promise<CommentDto> {
    const withRaw = includeRaw(ctx, include);
    return toComment(await this.read(ctx, incidentId, commentId), incidentId, withRaw);
  }

  async create(
    ctx: RequestContext,
    incidentId: string,
    dto: CreateCommentDto,
  ): Promise<CommentDto> {
    const body = toUpstreamCommentCreate(dto);
    if (body.TypeCode === DESCRIPTION_TYPE_CODE) {
      await this.refuseSecondDescription(ctx, incidentId);
    }
    const created = await this.upstream.hub<UpstreamComment>({
      ...callFrom(ctx, `incident with id ${incidentId}`),
      method: 'POST',
      path: commentsPath(incidentId),
      body,
    });
    return toComment(created.body, incidentId);
  }

  /** C4C text entries carry no ETag, so a comment has no version and If-Match does not apply. */
  async update(
    ctx: RequestContext,
    incidentId: string,
    commentId: string,
    dto: UpdateCommentDto,
  ): Promise<CommentDto> {
    const fields = toUpstreamCommentFields(dto);
    if (Object.keys(fields).length === 0) {
      return this.findOne(ctx, incidentId, commentId);
    }
    if (fields.TypeCode !== undefined) {
      await this.checkTypeChange(ctx, incidentId, commentId, fields.TypeCode);
    }
    const updated = await this.upstream.hub<UpstreamComment | undefined>({
      ...callFrom(ctx, commentSubject(incidentId, commentId)),
      method: 'PATCH',
      path: commentPath(incidentId, commentId),
      body: fields,
    });
    const record = updated.body?.ObjectID
      ? updated.body
      : await this.read(ctx, incidentId, commentId);
    return toComment(record, incidentId);
  }

  async remove(ctx: RequestContext, incidentId: string, commentId: string): Promise<void> {
    await this.upstream.hub({
      ...callFrom(ctx, commentSubject(incidentId, commentId)),
      method: 'DELETE',
      path: commentPath(incidentId, commentId),
    });
  }

  /** Keeps the incident's description comment one and the same (see description-comment.ts). */
  private async checkTypeChange(
    ctx: RequestContext,
    incidentId: string,
    commentId: string,
    next: string,
  ): Promise<void> {
    const current = (await this.read(ctx, incidentId, commentId)).TypeCode;
    const refused = descriptionTypeChangeError(current, next);
    if (refused) {
      throw refused;
    }
    if (next === DESCRIPTION_TYPE_CODE && current !== DESCRIPTION_TYPE_CODE) {
      await this.refuseSecondDescription(ctx, incidentId);
    }
  }

  /**
   * Refuses a write that would add a description comment next to an existing one. Two such writes
   * at once can both pass (C4C itself does not refuse a second one); the incident then shows the first.
   */
  private async refuseSecondDescription(ctx: RequestContext, incidentId: string): Promise<void> {
    const found = await this.upstream.hub<UpstreamComment[]>({
      ...callFrom(ctx, `incident with id ${incidentId}`),
      method: 'GET',
      path: commentsPath(incidentId),
      query: { where: Ceql.eq('TypeCode', DESCRIPTION_TYPE_CODE).text, pageSize: 1 },
    });
    const existing = Array.isArray(found.body) ? found.body[0] : undefined;
    if (existing) {
      throw secondDescriptionError(incidentId, existing.ObjectID);
    }
  }

  private async read(
    ctx: RequestContext,
    incidentId: string,
    commentId: string,
  ): Promise<UpstreamComment> {
    const result = await this.upstream.hub<UpstreamComment>({
      ...callFrom(ctx, commentSubject(incidentId, commentId)),
      method: 'GET',
      path: commentPath(incidentId, commentId),
    });
    return result.body;
  }
}

function commentsPath(incidentId: string): string {
  return `/incidents${hubPath(incidentId)}/comments`;
}

function commentPath(incidentId: string, commentId: string): string {
  return `${commentsPath(incidentId)}${hubPath(commentId)}`;
}

function commentSubject(incidentId: string, commentId: string): string {
  return `comment with id ${commentId} on incident ${incidentId}`;
}
