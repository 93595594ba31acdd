import { Inject, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { GatewayConfig } from '../config/gateway-config.js';
import { GatewayError } from '../core/errors/gateway.error.js';
import { includeRaw } from '../core/http/include-raw.js';
import type { RequestContext } from '../core/http/request-context.js';
import type { Page } from '../core/pagination/page.js';
import { CollectionReader } from '../upstream/collection-reader.service.js';
import { callFrom, hubPath } from '../upstream/upstream-call.js';
import { UpstreamClient } from '../upstream/upstream.client.js';
import { attachmentOrderBy } from './attachment-query.js';
import {
  toAttachment,
  toAttachmentContent,
  toUpstreamAttachmentMetadata,
  type AttachmentContent,
} from './attachment.mapper.js';
import type { AttachmentDto } from './dto/attachment.dto.js';
import type { ListAttachmentsQueryDto } from './dto/list-attachments-query.dto.js';
import { FILE_FIELD, type FileUpload } from './file-upload.js';
import { multipartBody } from './multipart-body.js';
import type { UpstreamAttachment } from './upstream-attachment.js';

/** An incident's attachments: C4C ServiceRequestAttachmentFolder under `/incidents/{id}/attachments`. */
@Injectable()
export class AttachmentsService {
  private readonly maxBytes: number;

  constructor(
    @Inject(UpstreamClient) private readonly upstream: UpstreamClient,
    @Inject(CollectionReader) private readonly collections: CollectionReader,
    @Inject(ConfigService) config: ConfigService<GatewayConfig, true>,
  ) {
    this.maxBytes = config.get('app', { infer: true }).attachmentMaxBytes;
  }

  async list(
    ctx: RequestContext,
    incidentId: string,
    query: ListAttachmentsQueryDto,
  ): Promise<Page<AttachmentDto>> {
    const { limit, cursor, sort, include } = query;
    const withRaw = includeRaw(ctx, include);
    const result = await this.collections.read<UpstreamAttachment>(ctx, {
      collection: `incidents/${incidentId}/attachments`,
      path: attachmentsPath(incidentId),
      limit,
      cursor,
      filters: { sort },
      orderBy: attachmentOrderBy(sort),
      subject: `incident with id ${incidentId}`,
    });
    return {
      data: result.items.map((raw) => toAttachment(raw, incidentId, withRaw)),
      page: result.page,
    };
  }

  async findOne(
    ctx: RequestContext,
    incidentId: string,
    attachmentId: string,
    include?: 'raw',
  ): Promise<AttachmentDto> {
    const withRaw = includeRaw(ctx, include);
    return toAttachment(await this.read(ctx, incidentId, attachmentId), incidentId, withRaw);
  }

  async content(
    ctx: RequestContext,
    incidentId: string,
    attachmentId: string,
  ): Promise<AttachmentContent> {
    return toAttachmentContent(await this.read(ctx, incidentId, attachmentId));
  }

  /** Streams the caller's file to the upstream as it arrives; a broken upload aborts that call. */
  async upload(
    ctx: RequestContext,
    incidentId: string,
    upload: FileUpload,
  ): Promise<AttachmentDto> {
    const file = await upload.file(this.maxBytes);
    const body = multipartBody([
      { name: 'metadata', value: JSON.stringify(toUpstreamAttachmentMetadata(file.fileName)) },
      {
        name: FILE_FIELD,
        fileName: file.fileName,
        contentType: file.mimeType,
        content: file.content,
      },
    ]);
    try {
      const created = await this.upstream.hub<UpstreamAttachment>({
        ...callFrom(ctx, `incident with id ${incidentId}`),
        method: 'POST',
        path: attachmentsPath(incidentId),
        raw: { body: body.stream, contentType: body.contentType },
      });
      return toAttachment(created.body, incidentId);
    } catch (error) {
      // When the caller's upload broke, that is why the upstream call failed: report it instead.
      throw body.stream.errored instanceof GatewayError ? body.stream.errored : error;
    }
  }

  async remove(ctx: RequestContext, incidentId: string, attachmentId: string): Promise<void> {
    await this.upstream.hub({
      ...callFrom(ctx, attachmentSubject(incidentId, attachmentId)),
      method: 'DELETE',
      path: attachmentPath(incidentId, attachmentId),
    });
  }

  private async read(
    ctx: RequestContext,
    incidentId: string,
    attachmentId: string,
  ): Promise<UpstreamAttachment> {
    const result = await this.upstream.hub<UpstreamAttachment>({
      ...callFrom(ctx, attachmentSubject(incidentId, attachmentId)),
      method: 'GET',
      path: attachmentPath(incidentId, attachmentId),
    });
    return result.body;
  }
}

function attachmentsPath(incidentId: string): string {
  return `/incidents${hubPath(incidentId)}/attachments`;
}

function attachmentPath(incidentId: string, attachmentId: string): string {
  return `${attachmentsPath(incidentId)}${hubPath(attachmentId)}`;
}

function attachmentSubject(incidentId: string, attachmentId: string): string {
  return `attachment with id ${attachmentId} on incident ${incidentId}`;
}
