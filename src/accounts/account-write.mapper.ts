import type { CreateAccountDto } from './dto/create-account.dto.js';
import type { UpdateAccountDto } from './dto/update-account.dto.js';
import { CUSTOMER_ROLE_CODE, type UpstreamAccountWrite } from './upstream-account.js';

/** Normalized create body → native account fields; new accounts are customers (RoleCode CRM000). */
export function toUpstreamAccountCreate(dto: CreateAccountDto): UpstreamAccountWrite {
  return { ...toUpstreamAccountFields(dto), RoleCode: CUSTOMER_ROLE_CODE };
}

/** The native fields of a PATCH: only what was sent; null clears email and phone. */
export function toUpstreamAccountFields(dto: UpdateAccountDto): UpstreamAccountWrite {
  const write: UpstreamAccountWrite = {};
  if (dto.name !== undefined) {
    write.AccountName = dto.name;
  }
  if (dto.email !== undefined) {
    write.Email = dto.email;
  }
  if (dto.phone !== undefined) {
    write.Phone = dto.phone;
  }
  return write;
}
