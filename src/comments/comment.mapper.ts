import { toIsoDate } from '../core/mapping/dates.js';
import { text } from '../core/mapping/values.js';
import { commentType } from './comment-types.js';
import type { CommentDto } from './dto/comment.dto.js';
import type { UpstreamComment } from './upstream-comment.js';

/** Upstream ServiceRequestDescription → normalized comment of the incident it was read under. */
export function toComment(
  raw: UpstreamComment,
  incidentId: string,
  includeRaw = false,
): CommentDto {
  const typeCode = text(raw.TypeCode);
  const comment: CommentDto = {
    id: raw.ObjectID,
    incidentId: text(raw.ParentObjectID) ?? incidentId,
    body: text(raw.Text),
    type: commentType(typeCode),
    typeCode,
    authorName: text(raw.AuthorName),
    createdAt: toIsoDate(raw.CreatedOn),
    updatedAt: toIsoDate(raw.UpdatedOn),
  };
  if (includeRaw) {
    comment.raw = raw;
  }
  return comment;
}
