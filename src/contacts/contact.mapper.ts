import { toIsoDate } from '../core/mapping/dates.js';
import { text } from '../core/mapping/values.js';
import type { LinkIds } from '../links/link-ids.js';
import type { ContactDto } from './dto/contact.dto.js';
import type { UpstreamContact } from './upstream-contact.js';

/** Upstream contact → normalized contact. The account's business key becomes its id via `links`. */
export function toContact(raw: UpstreamContact, links: LinkIds, includeRaw = false): ContactDto {
  const contact: ContactDto = {
    id: raw.ObjectID,
    number: text(raw.ContactID),
    firstName: text(raw.FirstName),
    lastName: text(raw.LastName),
    email: text(raw.Email),
    phone: text(raw.Phone),
    accountId: links.accountId(raw.AccountID),
    createdAt: toIsoDate(raw.CreatedOn),
    updatedAt: toIsoDate(raw.ChangedOn),
    version: text(raw.ETag),
  };
  if (includeRaw) {
    contact.raw = raw;
  }
  return contact;
}
