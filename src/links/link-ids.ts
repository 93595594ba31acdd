import { text } from '../core/mapping/values.js';

/** Business key → record id lookups for one batch of records (null when unknown or missing). */
export interface LinkIds {
  accountId(key: unknown): string | null;
  contactId(key: unknown): string | null;
}

export class ResolvedLinks implements LinkIds {
  constructor(
    private readonly accounts: ReadonlyMap<string, string>,
    private readonly contacts: ReadonlyMap<string, string>,
  ) {}

  accountId(key: unknown): string | null {
    const k = text(key);
    return k === null ? null : (this.accounts.get(k) ?? null);
  }

  contactId(key: unknown): string | null {
    const k = text(key);
    return k === null ? null : (this.contacts.get(k) ?? null);
  }
}
