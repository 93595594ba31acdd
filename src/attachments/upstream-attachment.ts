/** A C4C ServiceRequestAttachmentFolder entry as sapc4chd returns it; `Binary` is base64. */
export interface UpstreamAttachment {
  ObjectID: string;
  id?: string;
  ParentObjectID?: string | null;
  Name?: string | null;
  MimeType?: string | null;
  CategoryCode?: string | null;
  TypeCode?: string | null;
  Binary?: string | null;
  CreatedOn?: number | string | null;
  [field: string]: unknown;
}

/** The `metadata` part of an upload, next to the `file` part. */
export interface UpstreamAttachmentMetadata {
  CategoryCode: string;
  TypeCode: string;
  FileName: string;
}
