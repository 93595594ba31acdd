import type { InstanceStore } from '../store/instance-store.js';
import { COMMENT_TYPE_CODES, describeCode } from '../store/code-lists.js';
import type { CommentRecord } from '../store/native-records.js';
import { existing } from './record-resource.js';
import { defineSchema, readOnly, writable } from './resource-schema.js';
import { optionalString, validateWrite, type JsonObject } from './write-validation.js';

/** The C4C user the element's Basic credentials belong to: the author of API writes. */
export const API_USER_NAME = 'Integration User';

export const commentSchema = defineSchema(
  'comment',
  {
    ObjectID: readOnly('string'),
    id: readOnly('string'),
    ParentObjectID: readOnly('string'),
    Text: writable('string', true),
    TypeCode: writable('string', true),
    TypeCodeText: readOnly('string'),
    AuthorName: readOnly('string'),
    CreatedBy: readOnly('string'),
    CreatedOn: readOnly('date'),
    UpdatedOn: readOnly('date'),
  },
  { defaultOrder: ['CreatedOn', 'ObjectID'] },
);

export function createComment(
  store: InstanceStore,
  incidentId: string,
  body: JsonObject,
): CommentRecord {
  const values = validateWrite(body, commentSchema, 'create');
  const typeCode = optionalString(values, 'TypeCode') ?? '';
  const now = store.clock.currentTime();
  const ObjectID = store.newObjectId();
  const comment = store.comments.insert({
    ObjectID,
    id: ObjectID,
    ParentObjectID: incidentId,
    Text: optionalString(values, 'Text') ?? '',
    TypeCode: typeCode,
    TypeCodeText: describeCode(COMMENT_TYPE_CODES, typeCode),
    AuthorName: API_USER_NAME,
    CreatedBy: API_USER_NAME,
    CreatedOn: now,
    UpdatedOn: now,
  });
  store.touchIncidentById(incidentId);
  return comment;
}

export function updateComment(
  store: InstanceStore,
  comment: Readonly<CommentRecord>,
  body: JsonObject,
): CommentRecord {
  const values = validateWrite(body, commentSchema, 'update');
  const updated = existing(
    store.comments.update(comment.ObjectID, values as Partial<CommentRecord>),
  );
  store.touchIncidentById(comment.ParentObjectID);
  return updated;
}

export function deleteComment(store: InstanceStore, comment: Readonly<CommentRecord>): void {
  store.comments.delete(comment.ObjectID);
  store.touchIncidentById(comment.ParentObjectID);
}
