import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { RedisService } from '../redis/redis.service.js';
import { decodeEntry, encodeEntry, type CacheEntry } from './cache-entry.js';
import { NearCache } from './near-cache.js';

/** What Redis held for a key: the entry (if any) and the current generations of its scopes. */
export interface StoredRead {
  entry?: CacheEntry;
  gens: number[];
  /** The body's UTF-8 bytes, when the entry came from an in-process copy. */
  bytes?: Buffer;
}

const UNLOCK_SCRIPT =
  "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0";

/** Generation counters outlive every entry that could refer to them (see CACHE_STALE_SECONDS max). */
const GENERATION_TTL_SECONDS = 3 * 86400;

/**
 * The response cache's Redis commands. Every method fails open: with Redis down or slow it returns
 * `undefined` (or does nothing) after at most the command timeout, and the caller serves uncached.
 */
@Injectable()
export class CacheStore {
  private readonly owner = randomUUID();
  /**
   * Generation keys whose bump Redis did not take (down or too slow when a write succeeded): what
   * Redis holds for them may be older than that write, so this instance reads nothing from Redis
   * until they are sent, which is tried again when the connection is ready and before each read.
   */
  private readonly unsentBumps = new Set<string>();
  private sending?: Promise<boolean>;

  constructor(
    @Inject(RedisService) private readonly redis: RedisService,
    @Inject(NearCache) private readonly near: NearCache,
  ) {
    this.redis.client.on('ready', () => void this.sendUnsentBumps());
  }

  get available(): boolean {
    return this.redis.isReady();
  }

  /**
   * The entry and its scopes' generations (missing counters read as 0): from the in-process copy
   * when it holds a fresh one, else in one round trip, tracked (and kept in process) when possible.
   */
  async read(key: string, generationKeys: string[]): Promise<StoredRead | undefined> {
    if (this.unsentBumps.size > 0 && !(await this.sendUnsentBumps())) {
      return undefined;
    }
    const copy = this.near.get(key);
    if (copy) {
      return { entry: copy, gens: copy.gens };
    }
    const token = this.near.begin();
    const keys = [key, ...generationKeys];
    const values =
      token === undefined
        ? await this.redis.attempt((client) => client.mget(...keys))
        : await this.near.read(keys);
    if (!values) {
      return undefined;
    }
    const [stored, ...counters] = values;
    const entry = decodeEntry(stored);
    const gens = counters.map((g) => Number(g ?? 0));
    if (token !== undefined) {
      this.near.keep(key, generationKeys, entry, gens, token);
    }
    return { entry, gens };
  }

  /**
   * The in-process copy of a fresh entry, without waiting, or undefined (then `read`). Nothing is
   * read from the copies while generation bumps are owed to Redis, as in `read`.
   */
  readLocal(key: string): StoredRead | undefined {
    if (this.unsentBumps.size > 0) {
      return undefined;
    }
    const copy = this.near.held(key);
    return copy ? { entry: copy.entry, gens: copy.entry.gens, bytes: copy.bytes } : undefined;
  }

  /** True only when Redis took the entry (false: unavailable, refused or timed out). */
  async write(key: string, entry: CacheEntry): Promise<boolean> {
    const ttlMs = Math.max(1, entry.staleUntil - Date.now());
    const done = await this.redis.attempt((client) =>
      client.set(key, encodeEntry(entry), 'PX', ttlMs),
    );
    return done !== undefined;
  }

  /** Bumps the generations of the scopes a write changed (before the write's answer is sent). */
  async bump(generationKeys: string[]): Promise<boolean> {
    this.near.fence(generationKeys);
    const done = await this.increment(generationKeys);
    this.near.fence(generationKeys);
    if (!done) {
      for (const key of generationKeys) {
        this.unsentBumps.add(key);
      }
    }
    return done;
  }

  /** Sends the bumps Redis missed (one attempt at a time); true when none is left. */
  private sendUnsentBumps(): Promise<boolean> {
    if (this.unsentBumps.size === 0) {
      return Promise.resolve(true);
    }
    this.sending ??= (async () => {
      const keys = [...this.unsentBumps];
      const done = await this.increment(keys);
      if (done) {
        keys.forEach((key) => this.unsentBumps.delete(key));
      }
      return done && this.unsentBumps.size === 0;
    })().finally(() => {
      this.sending = undefined;
    });
    return this.sending;
  }

  private async increment(generationKeys: string[]): Promise<boolean> {
    const done = await this.redis.attempt((client) => {
      const pipeline = client.multi();
      for (const key of generationKeys) {
        pipeline.incr(key).expire(key, GENERATION_TTL_SECONDS);
      }
      return pipeline.exec();
    });
    return done !== undefined && done !== null;
  }

  /** true: this instance holds the lock; false: another does; undefined: Redis is unavailable. */
  async tryLock(key: string, ttlMs: number): Promise<boolean | undefined> {
    const result = await this.redis.attempt((client) =>
      client.set(key, this.owner, 'PX', ttlMs, 'NX'),
    );
    return result === undefined ? undefined : result === 'OK';
  }

  /** Releases a lock only if this instance still holds it (it may have expired and moved on). */
  async unlock(key: string): Promise<void> {
    await this.redis.attempt((client) => client.eval(UNLOCK_SCRIPT, 1, key, this.owner));
  }
}
