import {
  Controller,
  Delete,
  Get,
  Header,
  Headers,
  HttpCode,
  Inject,
  Param,
  Post,
  Query,
  Res,
} from '@nestjs/common';
import {
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CacheScopes } from '../cache/cache-scopes.js';
import { Cached, Invalidates, type ScopesOf } from '../cache/cached.decorator.js';
import { Created } from '../core/http/created.decorator.js';
import { Ctx } from '../core/http/ctx.decorator.js';
import { refuseIfMatch } from '../core/http/if-match.js';
import { NoQueryParams } from '../core/validation/no-query-params.pipe.js';
import type { RequestContext } from '../core/http/request-context.js';
import type { Page } from '../core/pagination/page.js';
import { ApiPage } from '../core/openapi/api-page.decorator.js';
import { AttachmentsService } from './attachments.service.js';
import { AttachmentIdParams, AttachmentsParams } from './dto/attachment-id.params.js';
import { AttachmentDto } from './dto/attachment.dto.js';
import { GetAttachmentQueryDto } from './dto/get-attachment-query.dto.js';
import { ListAttachmentsQueryDto } from './dto/list-attachments-query.dto.js';
import { FileUpload, Upload } from './file-upload.js';
import { AcceptsFileUpload } from './uploads.js';

/** What an incident's attachments depend on: their own scope, under the incident's. */
const ATTACHMENTS_SCOPE: ScopesOf = ({ params }) => [CacheScopes.incidentAttachments(params.id)];

/** A attachment write also changes the incident (its change time and version) in every list. */
const ATTACHMENT_WRITE_SCOPES: ScopesOf = ({ params }) => [
  'incidents',
  CacheScopes.incident(params.id),
  CacheScopes.incidentAttachments(params.id),
];

@ApiTags('attachments')
@Controller('v1/incidents/:id/attachments')
export class AttachmentsController {
  constructor(@Inject(AttachmentsService) private readonly attachments: AttachmentsService) {}

  @Get()
  @Cached({ resource: 'attachments', scopes: ATTACHMENTS_SCOPE })
  @ApiPage(AttachmentDto)
  list(
    @Ctx() ctx: RequestContext,
    @Param() params: AttachmentsParams,
    @Query() query: ListAttachmentsQueryDto,
  ): Promise<Page<AttachmentDto>> {
    return this.attachments.list(ctx, params.id, query);
  }

  @Post()
  @Created()
  @Invalidates(ATTACHMENT_WRITE_SCOPES)
  @AcceptsFileUpload()
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    description: 'One file, in the part "file"; its file name and content type are kept',
    schema: {
      type: 'object',
      required: ['file'],
      properties: { file: { type: 'string', format: 'binary' } },
    },
  })
  @ApiCreatedResponse({ type: AttachmentDto, description: 'The new attachment; Location names it' })
  upload(
    @Ctx() ctx: RequestContext,
    @Query(NoQueryParams) _query: unknown,
    @Param() params: AttachmentsParams,
    @Upload() upload: FileUpload,
  ): Promise<AttachmentDto> {
    return this.attachments.upload(ctx, params.id, upload);
  }

  @Get(':attachmentId')
  @Cached({ resource: 'attachments', scopes: ATTACHMENTS_SCOPE })
  @ApiOkResponse({ type: AttachmentDto })
  findOne(
    @Ctx() ctx: RequestContext,
    @Param() params: AttachmentIdParams,
    @Query() query: GetAttachmentQueryDto,
  ): Promise<AttachmentDto> {
    return this.attachments.findOne(ctx, params.id, params.attachmentId, query.include);
  }

  @Get(':attachmentId/content')
  @Header('X-Content-Type-Options', 'nosniff')
  @ApiProduces('application/octet-stream')
  @ApiOkResponse({
    description: "The file's bytes, under its own content type, as a download",
    schema: { type: 'string', format: 'binary' },
  })
  async content(
    @Ctx() ctx: RequestContext,
    @Query(NoQueryParams) _query: unknown,
    @Param() params: AttachmentIdParams,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    const file = await this.attachments.content(ctx, params.id, params.attachmentId);
    // Sent as bytes in hand, not a stream, so the answer gets an ETag and If-None-Match a 304.
    void reply.type(file.mimeType).header('content-disposition', file.disposition);
    return file.bytes;
  }

  @Delete(':attachmentId')
  @HttpCode(204)
  @Invalidates(ATTACHMENT_WRITE_SCOPES)
  @ApiNoContentResponse()
  remove(
    @Ctx() ctx: RequestContext,
    @Query(NoQueryParams) _query: unknown,
    @Param() params: AttachmentIdParams,
    @Headers('if-match') ifMatch?: string,
  ): Promise<void> {
    refuseIfMatch(ifMatch, 'Attachments');
    return this.attachments.remove(ctx, params.id, params.attachmentId);
  }
}
