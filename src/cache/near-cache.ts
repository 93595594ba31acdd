import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { LRUCache } from 'lru-cache';
import type { GatewayConfig } from '../config/gateway-config.js';
import { RedisTracking, type InvalidationListener } from '../redis/redis-tracking.js';
import { sameGenerations, type CacheEntry } from './cache-entry.js';

interface Copy {
  entry: CacheEntry;
  /** The generation keys the entry was read with. */
  deps: string[];
  /** The body's UTF-8 bytes, made once: an answer given from the copy sends them as they are. */
  bytes: Buffer;
}

/** A fresh copy of an entry, with its body's bytes. */
export interface HeldCopy {
  entry: CacheEntry;
  bytes: Buffer;
}

/** Rough bytes per copy beyond its body: the entry's fields, the key, the map's own nodes. */
const COPY_OVERHEAD_BYTES = 512;

/**
 * Fresh entries kept in process, so a hit costs no Redis round trip. A copy is made only from a
 * read that Redis tracks, and dropped as soon as Redis names its key or one of its generation keys
 * (another instance wrote, refreshed or invalidated), when this instance bumps one of its
 * generations, when tracking is lost, and when it stops being fresh. A read that overlapped any
 * invalidation is used once but not kept, since its answer may predate the change.
 */
@Injectable()
export class NearCache implements OnModuleInit, InvalidationListener {
  private readonly copies?: LRUCache<string, Copy>;
  /** Generation key → keys of the copies that depend on it. */
  private readonly dependents = new Map<string, Set<string>>();
  private changes = 0;

  constructor(
    @Inject(RedisTracking) private readonly tracking: RedisTracking,
    @Inject(ConfigService) config: ConfigService<GatewayConfig, true>,
  ) {
    const cache = config.get('cache', { infer: true });
    if (cache.enabled && cache.localMaxBytes > 0 && tracking.supported) {
      this.copies = new LRUCache<string, Copy>({
        maxSize: cache.localMaxBytes,
        sizeCalculation: (copy) =>
          copy.entry.body.length * 2 + copy.bytes.length + COPY_OVERHEAD_BYTES,
        dispose: (copy, key) => this.unindex(key, copy.deps),
      });
    }
  }

  onModuleInit(): void {
    if (this.copies) {
      this.tracking.start(this);
    }
  }

  get size(): number {
    return this.copies?.size ?? 0;
  }

  /** Estimated bytes held (what the size limit counts). */
  get bytes(): number {
    return this.copies?.calculatedSize ?? 0;
  }

  /** A fresh, still valid copy of the entry at `key`. */
  get(key: string): CacheEntry | undefined {
    return this.held(key)?.entry;
  }

  /** As `get`, with the body's bytes. */
  held(key: string): HeldCopy | undefined {
    const copy = this.copies?.get(key);
    if (!copy) {
      return undefined;
    }
    if (!this.tracking.tracking || Date.now() >= copy.entry.freshUntil) {
      this.copies?.delete(key);
      return undefined;
    }
    return copy;
  }

  /** Before a read: a token for `keep`, or undefined when reads are not tracked now. */
  begin(): number | undefined {
    return this.copies && this.tracking.tracking ? this.changes : undefined;
  }

  /** The tracked read of an entry and its generations, or undefined on failure. */
  async read(keys: string[]): Promise<(string | null)[] | undefined> {
    return this.tracking.mget(keys);
  }

  /** Keeps what a tracked read found, if nothing was invalidated while it was in flight. */
  keep(
    key: string,
    deps: string[],
    entry: CacheEntry | undefined,
    gens: number[],
    token: number,
  ): void {
    if (
      !this.copies ||
      !entry ||
      token !== this.changes ||
      !this.tracking.tracking ||
      !sameGenerations(entry.gens, gens) ||
      Date.now() >= entry.freshUntil
    ) {
      return;
    }
    const bytes = Buffer.from(entry.body);
    this.copies.set(key, { entry, deps, bytes }, { ttl: entry.freshUntil - Date.now() });
    for (const dep of deps) {
      let keys = this.dependents.get(dep);
      if (!keys) {
        keys = new Set();
        this.dependents.set(dep, keys);
      }
      keys.add(key);
    }
  }

  /**
   * This instance is bumping these generations: drop what depends on them and refuse reads in
   * flight, before the bump and again once Redis has it, so a read after the write never sees a copy.
   */
  fence(generationKeys: string[]): void {
    this.invalidated(generationKeys);
  }

  invalidated(keys: string[]): void {
    this.changes++;
    if (!this.copies) {
      return;
    }
    for (const key of keys) {
      this.copies.delete(key);
      const keysOfCopies = this.dependents.get(key);
      if (keysOfCopies) {
        for (const copyKey of [...keysOfCopies]) {
          this.copies.delete(copyKey);
        }
      }
    }
  }

  reset(): void {
    this.changes++;
    this.copies?.clear();
    this.dependents.clear();
  }

  private unindex(key: string, deps: string[]): void {
    for (const dep of deps) {
      const keys = this.dependents.get(dep);
      keys?.delete(key);
      if (keys?.size === 0) {
        this.dependents.delete(dep);
      }
    }
  }
}
