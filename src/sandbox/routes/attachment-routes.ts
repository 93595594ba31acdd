import { SandboxHttpError, notFound } from '../http-error.js';
import { mediaType } from '../http-body.js';
import type { Router } from '../http-router.js';
import { readMultipart } from '../multipart.js';
import { attachmentSchema, createAttachment } from '../resources/attachment-resource.js';
import type { AttachmentRecord } from '../store/native-records.js';
import { requireIncident } from './comment-routes.js';
import { listPage, param, type HubContext, type HubHandler } from './hub-context.js';

function requireAttachment(context: HubContext): Readonly<AttachmentRecord> {
  const incident = requireIncident(context);
  const id = param(context, 'attachmentId');
  const attachment = context.store.attachments.peek(id);
  if (!attachment || attachment.ParentObjectID !== incident.ObjectID) {
    throw notFound(`No attachment found with ID ${id}`);
  }
  return attachment;
}

async function upload(context: HubContext): Promise<{ body: AttachmentRecord }> {
  requireIncident(context);
  const request = context.exchange.request;
  if (mediaType(request) !== 'multipart/form-data') {
    request.resume();
    throw new SandboxHttpError(
      415,
      'Unsupported Media Type: attachments are uploaded as multipart/form-data',
    );
  }
  const parts = await readMultipart(request, context.settings.maxUploadBytes);
  context.exchange.body = {
    fields: parts.fields,
    ...(parts.file && {
      file: {
        filename: parts.file.filename,
        mimeType: parts.file.mimeType,
        size: parts.file.bytes.length,
      },
    }),
  };
  // Checked again: the incident may have been deleted while the upload arrived.
  return { body: createAttachment(context.store, requireIncident(context).ObjectID, parts) };
}

export function addAttachmentRoutes(router: Router<HubHandler>): void {
  const base = '/incidents/{id}/attachments';
  router
    .add('GET', base, (context) => {
      const incident = requireIncident(context);
      const page = listPage(
        context,
        context.store.attachmentsOf(incident.ObjectID),
        attachmentSchema,
      );
      return { body: page.items, headers: page.headers };
    })
    .add('POST', base, upload)
    .add('GET', `${base}/{attachmentId}`, (context) => ({ body: requireAttachment(context) }))
    .add('DELETE', `${base}/{attachmentId}`, (context) => {
      const attachment = requireAttachment(context);
      context.store.attachments.delete(attachment.ObjectID);
      context.store.touchIncidentById(attachment.ParentObjectID);
      return {};
    });
}
