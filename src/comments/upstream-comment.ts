/** A C4C ServiceRequestDescription (an incident's text entry) as sapc4chd returns it. */
export interface UpstreamComment {
  ObjectID: string;
  id?: string;
  ParentObjectID?: string | null;
  Text?: string | null;
  TypeCode?: string | null;
  TypeCodeText?: string | null;
  AuthorName?: string | null;
  CreatedBy?: string | null;
  CreatedOn?: number | string | null;
  UpdatedOn?: number | string | null;
  [field: string]: unknown;
}

export const DESCRIPTION_TYPE_CODE = '10004';

/** The native fields a gateway write may send. */
export interface UpstreamCommentWrite {
  Text?: string;
  TypeCode?: string;
}
