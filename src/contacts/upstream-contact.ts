/** A C4C contact as sapc4chd returns it (native field names; dates usually epoch ms). */
export interface UpstreamContact {
  ObjectID: string;
  id?: string;
  ContactID?: string | null;
  FirstName?: string | null;
  LastName?: string | null;
  Email?: string | null;
  Phone?: string | null;
  /** The linked account's business key (its AccountID), not its ObjectID. */
  AccountID?: string | null;
  CategoryCode?: string | null;
  CreatedOn?: number | string | null;
  ChangedOn?: number | string | null;
  ETag?: string | null;
  [field: string]: unknown;
}

/** The native fields a gateway write may send. */
export interface UpstreamContactWrite {
  FirstName?: string;
  LastName?: string;
  Email?: string | null;
  Phone?: string | null;
  AccountID?: string | null;
  CategoryCode?: string;
}

/** C4C contact category "1": a person (the category churros creates contacts with). */
export const PERSON_CATEGORY_CODE = '1';
