import { Injectable } from '@nestjs/common';
import type { LinkKind } from './link-kinds.js';

const MAX_ENTRIES = 50_000;

/** Business key ↔ id per tenant, bounded; keys never change, so entries never go stale. */
@Injectable()
export class LinkCache {
  private readonly idsByKey = new Map<string, string>();
  private readonly keysById = new Map<string, string>();

  idFor(tenant: string, kind: LinkKind, key: string): string | undefined {
    return this.idsByKey.get(`${tenant}\0${kind}\0${key}`);
  }

  keyFor(tenant: string, kind: LinkKind, id: string): string | undefined {
    return this.keysById.get(`${tenant}\0${kind}\0${id}`);
  }

  remember(tenant: string, kind: LinkKind, key: string, id: string): void {
    if (this.idsByKey.size >= MAX_ENTRIES) {
      this.idsByKey.clear();
      this.keysById.clear();
    }
    this.idsByKey.set(`${tenant}\0${kind}\0${key}`, id);
    this.keysById.set(`${tenant}\0${kind}\0${id}`, key);
  }

  /** Drops a deleted record in both directions. */
  forget(tenant: string, kind: LinkKind, id: string): void {
    const key = this.keyFor(tenant, kind, id);
    this.keysById.delete(`${tenant}\0${kind}\0${id}`);
    if (key !== undefined) {
      this.idsByKey.delete(`${tenant}\0${kind}\0${key}`);
    }
  }
}
