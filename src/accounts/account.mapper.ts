import { toIsoDate } from '../core/mapping/dates.js';
import { text } from '../core/mapping/values.js';
import type { AccountDto } from './dto/account.dto.js';
import type { UpstreamAccount } from './upstream-account.js';

/** Upstream account → normalized account. */
export function toAccount(raw: UpstreamAccount, includeRaw = false): AccountDto {
  const account: AccountDto = {
    id: raw.ObjectID,
    number: text(raw.AccountID),
    name: text(raw.AccountName),
    email: text(raw.Email),
    phone: text(raw.Phone),
    createdAt: toIsoDate(raw.CreatedOn),
    updatedAt: toIsoDate(raw.ChangedOn),
    version: text(raw.ETag),
  };
  if (includeRaw) {
    account.raw = raw;
  }
  return account;
}
