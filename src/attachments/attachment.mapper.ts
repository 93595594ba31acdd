import { toIsoDate } from '../core/mapping/dates.js';
import { attachmentDisposition } from './content-disposition.js';
import { text } from '../core/mapping/values.js';
import type { AttachmentDto } from './dto/attachment.dto.js';
import type { UpstreamAttachment, UpstreamAttachmentMetadata } from './upstream-attachment.js';

const MEDIA_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]{0,126}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$/i;
const DEFAULT_MEDIA_TYPE = 'application/octet-stream';

/** Upstream attachment → normalized metadata; the content (`Binary`) is never part of it. */
export function toAttachment(
  raw: UpstreamAttachment,
  incidentId: string,
  includeRaw = false,
): AttachmentDto {
  const attachment: AttachmentDto = {
    id: raw.ObjectID,
    incidentId: text(raw.ParentObjectID) ?? incidentId,
    fileName: text(raw.Name),
    mimeType: text(raw.MimeType),
    sizeBytes: base64DecodedLength(raw.Binary),
    createdAt: toIsoDate(raw.CreatedOn),
  };
  if (includeRaw) {
    const { Binary: _content, ...withoutContent } = raw;
    attachment.raw = withoutContent;
  }
  return attachment;
}

/**
 * The byte length base64 text decodes to, worked out from its length and padding without
 * decoding it: every 4 characters carry 3 bytes, each `=` one byte less. Line breaks are ignored.
 */
export function base64DecodedLength(value: unknown): number | null {
  if (typeof value !== 'string') {
    return null;
  }
  const compact = /\s/.test(value) ? value.replace(/\s+/g, '') : value;
  const padding = compact.endsWith('==') ? 2 : compact.endsWith('=') ? 1 : 0;
  return Math.floor(((compact.length - padding) * 3) / 4);
}

/** A content type safe to send back, or `application/octet-stream`. */
export function safeMediaType(value: unknown): string {
  const type = typeof value === 'string' ? value.trim().toLowerCase() : '';
  return MEDIA_TYPE.test(type) ? type : DEFAULT_MEDIA_TYPE;
}

/** The `metadata` part C4C needs next to an uploaded file. */
export function toUpstreamAttachmentMetadata(fileName: string): UpstreamAttachmentMetadata {
  return { CategoryCode: '2', TypeCode: '10001', FileName: fileName };
}

export interface AttachmentContent {
  bytes: Buffer;
  mimeType: string;
  disposition: string;
}

/** The decoded bytes of an attachment, with the headers to serve them under. */
export function toAttachmentContent(raw: UpstreamAttachment): AttachmentContent {
  return {
    bytes: Buffer.from(typeof raw.Binary === 'string' ? raw.Binary : '', 'base64'),
    mimeType: safeMediaType(raw.MimeType),
    disposition: attachmentDisposition(raw.Name),
  };
}
