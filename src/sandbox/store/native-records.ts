/** SAP C4C records as the sapc4chd element returns them: native field names, epoch-ms dates. */
export interface NativeRecord {
  ObjectID: string;
  /** Cloud Elements' transformation copies ObjectID into `id`. */
  id: string;
}

export interface AccountRecord extends NativeRecord {
  AccountID: string;
  AccountName: string;
  Email: string | null;
  Phone: string | null;
  RoleCode: string;
  CreatedOn: number;
  ChangedOn: number;
  ETag: string;
}

export interface ContactRecord extends NativeRecord {
  ContactID: string;
  FirstName: string;
  LastName: string;
  Email: string | null;
  Phone: string | null;
  AccountID: string | null;
  CategoryCode: string;
  CreatedOn: number;
  ChangedOn: number;
  ETag: string;
}

export interface LanguageText {
  content: string;
  languageCode: string;
}

export interface IncidentRecord extends NativeRecord {
  ID: string;
  Name: LanguageText | null;
  ServicePriorityCode: string | null;
  ServicePriorityCodeText: string | null;
  ServiceRequestLifeCycleStatusCode: string | null;
  ServiceRequestLifeCycleStatusCodeText: string | null;
  ServiceRequestUserLifeCycleStatusCode: string | null;
  ProcessingTypeCode: string;
  CustomerID: string | null;
  ReportedForPartyID: string | null;
  ReporterPartyID: string | null;
  ReporterEmail: string | null;
  AssignedTo: string | null;
  CompletionDueDate: number | null;
  CreationDateTime: number;
  LastChangeDateTime: number;
  CreatedOn: number;
  ChangedOn: number;
  ETag: string;
}

export interface CommentRecord extends NativeRecord {
  ParentObjectID: string;
  Text: string;
  TypeCode: string;
  TypeCodeText: string | null;
  AuthorName: string | null;
  CreatedBy: string | null;
  CreatedOn: number;
  UpdatedOn: number;
}

export interface AttachmentRecord extends NativeRecord {
  ParentObjectID: string;
  Name: string;
  MimeType: string;
  CategoryCode: string;
  TypeCode: string;
  /** base64 of the file's bytes. */
  Binary: string;
  CreatedOn: number;
}
