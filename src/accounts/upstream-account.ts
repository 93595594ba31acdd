/** A C4C account as sapc4chd returns it (native field names; dates usually epoch ms). */
export interface UpstreamAccount {
  ObjectID: string;
  id?: string;
  /** The business key other records link by (an incident's CustomerID, a contact's AccountID). */
  AccountID?: string | null;
  AccountName?: string | null;
  Email?: string | null;
  Phone?: string | null;
  RoleCode?: string | null;
  CreatedOn?: number | string | null;
  ChangedOn?: number | string | null;
  ETag?: string | null;
  [field: string]: unknown;
}

/** The native fields a gateway write may send. */
export interface UpstreamAccountWrite {
  AccountName?: string;
  Email?: string | null;
  Phone?: string | null;
  RoleCode?: string;
}

/** C4C account role "CRM000": a customer (the role churros creates accounts with). */
export const CUSTOMER_ROLE_CODE = 'CRM000';
