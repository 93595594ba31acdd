import { Inject, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { GatewayConfig } from '../config/gateway-config.js';
import type { LinkKind } from './link-kinds.js';

const MAX_ENTRIES = 50_000;

/**
 * Business key ↔ id per tenant, bounded; keys never change, so entries never go stale.
 *
 * Keys and ids the upstream said do not exist are remembered too, for CACHE_NOT_FOUND_SECONDS
 * only (a record may be created later, outside the gateway): a page that names a deleted account,
 * or a filter by an unknown id, does not ask upstream again on every request.
 */
@Injectable()
export class LinkCache {
  private readonly idsByKey = new Map<string, string>();
  private readonly keysById = new Map<string, string>();
  /** Expiry (epoch ms) of "no such record", by `key\0…` or `id\0…` entry. */
  private readonly missingUntil = new Map<string, number>();
  private readonly missingMs: number;

  constructor(@Inject(ConfigService) config: ConfigService<GatewayConfig, true>) {
    this.missingMs = config.get('cache', { infer: true }).notFoundSeconds * 1000;
  }

  idFor(tenant: string, kind: LinkKind, key: string): string | undefined {
    return this.idsByKey.get(entry(tenant, kind, key));
  }

  keyFor(tenant: string, kind: LinkKind, id: string): string | undefined {
    return this.keysById.get(entry(tenant, kind, id));
  }

  remember(tenant: string, kind: LinkKind, key: string, id: string): void {
    if (this.idsByKey.size >= MAX_ENTRIES) {
      this.idsByKey.clear();
      this.keysById.clear();
    }
    this.idsByKey.set(entry(tenant, kind, key), id);
    this.keysById.set(entry(tenant, kind, id), key);
    this.missingUntil.delete(`key\0${entry(tenant, kind, key)}`);
    this.missingUntil.delete(`id\0${entry(tenant, kind, id)}`);
  }

  /** Drops a deleted record in both directions; a link to it is refused without asking upstream. */
  forget(tenant: string, kind: LinkKind, id: string): void {
    const key = this.keyFor(tenant, kind, id);
    this.keysById.delete(entry(tenant, kind, id));
    this.markMissing(`id\0${entry(tenant, kind, id)}`);
    if (key !== undefined) {
      this.idsByKey.delete(entry(tenant, kind, key));
      this.markMissing(`key\0${entry(tenant, kind, key)}`);
    }
  }

  /** Drops every learnt link of a tenant (a record was deleted somewhere, see LinkEpochs). */
  clearTenant(tenant: string): void {
    const prefix = `${tenant}\0`;
    for (const map of [this.idsByKey, this.keysById]) {
      for (const name of map.keys()) {
        if (name.startsWith(prefix)) {
          map.delete(name);
        }
      }
    }
  }

  /** True while the upstream's "no record with this business key" is remembered. */
  isMissingKey(tenant: string, kind: LinkKind, key: string): boolean {
    return this.isMissing(`key\0${entry(tenant, kind, key)}`);
  }

  /** True while the upstream's "no record with this id" is remembered. */
  isMissingId(tenant: string, kind: LinkKind, id: string): boolean {
    return this.isMissing(`id\0${entry(tenant, kind, id)}`);
  }

  rememberMissingKey(tenant: string, kind: LinkKind, key: string): void {
    this.markMissing(`key\0${entry(tenant, kind, key)}`);
  }

  rememberMissingId(tenant: string, kind: LinkKind, id: string): void {
    this.markMissing(`id\0${entry(tenant, kind, id)}`);
  }

  private isMissing(name: string): boolean {
    const until = this.missingUntil.get(name);
    if (until === undefined) {
      return false;
    }
    if (until > Date.now()) {
      return true;
    }
    this.missingUntil.delete(name);
    return false;
  }

  private markMissing(name: string): void {
    if (this.missingMs <= 0) {
      return;
    }
    if (this.missingUntil.size >= MAX_ENTRIES) {
      this.missingUntil.clear();
    }
    this.missingUntil.set(name, Date.now() + this.missingMs);
  }
}

/** Entries are per tenant: one tenant's records never answer another's. */
function entry(tenant: string, kind: LinkKind, keyOrId: string): string {
  return `${tenant}\0${kind}\0${keyOrId}`;
}
