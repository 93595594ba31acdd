export type LinkKind = 'account' | 'contact';

/** Where each linked record lives upstream and which native field holds its business key. */
export const LINK_KINDS: Record<LinkKind, { path: string; keyField: string; label: string }> = {
  account: { path: '/accounts', keyField: 'AccountID', label: 'account' },
  contact: { path: '/contacts', keyField: 'ContactID', label: 'contact' },
};
