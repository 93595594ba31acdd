import { badRequest } from '../http-error.js';
import type { MultipartUpload, UploadedFile } from '../multipart.js';
import type { InstanceStore } from '../store/instance-store.js';
import type { AttachmentRecord } from '../store/native-records.js';
import { defineSchema, readOnly } from './resource-schema.js';

export const attachmentSchema = defineSchema(
  'attachment',
  {
    ObjectID: readOnly('string'),
    id: readOnly('string'),
    ParentObjectID: readOnly('string'),
    Name: readOnly('string'),
    MimeType: readOnly('string'),
    CategoryCode: readOnly('string'),
    TypeCode: readOnly('string'),
    Binary: readOnly('string'),
    CreatedOn: readOnly('date'),
  },
  { defaultOrder: ['CreatedOn', 'ObjectID'] },
);

interface AttachmentMetadata {
  CategoryCode: string;
  TypeCode: string;
  FileName?: string;
}

const METADATA_KEYS = new Set(['CategoryCode', 'TypeCode', 'FileName']);

/** The `metadata` part: `{"CategoryCode":"2","TypeCode":"10001","FileName":"<name>"}`. */
function parseMetadata(text: string | undefined): AttachmentMetadata {
  const defaults: AttachmentMetadata = { CategoryCode: '2', TypeCode: '10001' };
  if (text === undefined) {
    return defaults;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw badRequest("The 'metadata' part is not valid JSON");
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw badRequest("The 'metadata' part must be a JSON object");
  }
  for (const [key, value] of Object.entries(parsed)) {
    if (!METADATA_KEYS.has(key) || typeof value !== 'string') {
      throw badRequest(`Invalid attachment metadata field '${key}'`);
    }
  }
  return { ...defaults, ...(parsed as Partial<AttachmentMetadata>) };
}

export function createAttachment(
  store: InstanceStore,
  incidentId: string,
  upload: MultipartUpload,
): AttachmentRecord {
  const file: UploadedFile | undefined = upload.file;
  if (!file) {
    throw badRequest("Missing the multipart part 'file'");
  }
  const metadata = parseMetadata(upload.fields.metadata);
  const name = metadata.FileName ?? file.filename;
  if (!name) {
    throw badRequest('The attachment needs a file name');
  }
  const ObjectID = store.newObjectId();
  const attachment = store.attachments.insert({
    ObjectID,
    id: ObjectID,
    ParentObjectID: incidentId,
    Name: name,
    MimeType: file.mimeType || 'application/octet-stream',
    CategoryCode: metadata.CategoryCode,
    TypeCode: metadata.TypeCode,
    Binary: file.bytes.toString('base64'),
    CreatedOn: store.clock.currentTime(),
  });
  store.touchIncidentById(incidentId);
  return attachment;
}
