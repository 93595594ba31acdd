import type { CreateContactDto } from './dto/create-contact.dto.js';
import type { UpdateContactDto } from './dto/update-contact.dto.js';
import { PERSON_CATEGORY_CODE, type UpstreamContactWrite } from './upstream-contact.js';

/** The account link already turned into its business key by the service. */
export interface ContactWriteKeys {
  /** null unlinks. */
  accountKey?: string | null;
}

/** Normalized create body → native contact fields; new contacts are persons (CategoryCode 1). */
export function toUpstreamContactCreate(
  dto: CreateContactDto,
  keys: ContactWriteKeys,
): UpstreamContactWrite {
  return { ...toUpstreamContactFields(dto, keys), CategoryCode: PERSON_CATEGORY_CODE };
}

/** The native fields of a PATCH: only what was sent; null clears email, phone and the account. */
export function toUpstreamContactFields(
  dto: UpdateContactDto,
  keys: ContactWriteKeys,
): UpstreamContactWrite {
  const write: UpstreamContactWrite = {};
  if (dto.firstName !== undefined) {
    write.FirstName = dto.firstName;
  }
  if (dto.lastName !== undefined) {
    write.LastName = dto.lastName;
  }
  if (dto.email !== undefined) {
    write.Email = dto.email;
  }
  if (dto.phone !== undefined) {
    write.Phone = dto.phone;
  }
  if (keys.accountKey !== undefined) {
    write.AccountID = keys.accountKey;
  }
  return write;
}
