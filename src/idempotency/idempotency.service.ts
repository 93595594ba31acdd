import { Inject, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { GatewayConfig } from '../config/gateway-config.js';
import { ErrorCode } from '../core/errors/error-code.js';
import { GatewayError } from '../core/errors/gateway.error.js';
import { RedisService } from '../redis/redis.service.js';
import { pendingClaimTtlMs } from './pending-claim.js';

/** The stored outcome of the first request with a key. */
export interface IdempotencyRecord {
  state: 'pending' | 'done';
  fingerprint: string;
  /** Digest of the first request's streamed upload, known only once it was read. */
  uploadDigest?: string;
  body?: unknown;
  location?: string;
}

export interface IdempotentRequest {
  /** Tenant, caller and key, already combined and hashed. */
  storeKey: string;
  fingerprint: string;
  deadlineAt: number;
  /**
   * For a streamed upload, which the fingerprint cannot cover: reads this request's upload for its
   * digest (only when a first request's digest is there to compare with).
   */
  uploadDigest?: () => Promise<string>;
}

export interface IdempotentOutcome {
  body: unknown;
  location?: string;
  replayed: boolean;
}

const RECORD_TTL_MS = 24 * 3600 * 1000;
const POLL_MS = 50;
const LOCAL_MAX = 10_000;

/**
 * Idempotency-Key on POST (api-contract §3): the first request with a key runs, its result is kept
 * 24 h and replayed to repeats with the same body; another body is a 409; repeats that arrive while
 * the first runs wait for it. Records live in Redis (shared by all instances); while Redis is down
 * an in-process map keeps the promise within one instance.
 */
@Injectable()
export class IdempotencyService {
  private readonly local = new Map<string, { record: IdempotencyRecord; expiresAt: number }>();

  /** Outlives any request (see pending-claim.ts), so a slow first request keeps its key. */
  private readonly pendingTtlMs: number;

  constructor(
    @Inject(RedisService) private readonly redis: RedisService,
    @Inject(ConfigService) config: ConfigService<GatewayConfig, true>,
  ) {
    this.pendingTtlMs = pendingClaimTtlMs(
      config.get('upstream', { infer: true }).requestDeadlineMs,
    );
  }

  async run(
    request: IdempotentRequest,
    create: () => Promise<{ body: unknown; location?: string; uploadDigest?: string }>,
  ): Promise<IdempotentOutcome> {
    const pending: IdempotencyRecord = { state: 'pending', fingerprint: request.fingerprint };
    const existing = await this.claim(request.storeKey, pending);
    if (existing) {
      return this.replay(request, existing);
    }
    try {
      const { uploadDigest, ...result } = await create();
      const done: IdempotencyRecord = { ...pending, state: 'done', uploadDigest, ...result };
      await this.save(request.storeKey, done, RECORD_TTL_MS);
      return { ...result, replayed: false };
    } catch (error) {
      await this.remove(request.storeKey);
      throw error;
    }
  }

  private async replay(
    request: IdempotentRequest,
    first: IdempotencyRecord,
  ): Promise<IdempotentOutcome> {
    let record: IdempotencyRecord | undefined = first;
    while (record) {
      if (record.fingerprint !== request.fingerprint) {
        throw new GatewayError(
          ErrorCode.Conflict,
          'This Idempotency-Key was used with another request body',
        );
      }
      if (record.state === 'done') {
        if (record.uploadDigest && request.uploadDigest) {
          if ((await request.uploadDigest()) !== record.uploadDigest) {
            throw new GatewayError(
              ErrorCode.Conflict,
              'This Idempotency-Key was used with another file',
            );
          }
        }
        return { body: record.body, location: record.location, replayed: true };
      }
      if (Date.now() + POLL_MS > request.deadlineAt) {
        throw new GatewayError(
          ErrorCode.Conflict,
          'A request with this Idempotency-Key is still being processed',
          { retryAfterSeconds: 1 },
        );
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      record = await this.read(request.storeKey);
    }
    throw new GatewayError(
      ErrorCode.Conflict,
      'The first request with this Idempotency-Key failed; send it again',
      // The key is free again: sending the same request now runs it. `retryable` stays false, as
      // the contract defines it (429, 503, 504, UPSTREAM_ERROR on a GET); Retry-After says when.
      { retryAfterSeconds: 0 },
    );
  }

  /** Claims the key for this request; returns the record already there when another has it. */
  private async claim(
    key: string,
    record: IdempotencyRecord,
  ): Promise<IdempotencyRecord | undefined> {
    const set = await this.redis.attempt((client) =>
      client.set(key, JSON.stringify(record), 'PX', this.pendingTtlMs, 'NX'),
    );
    if (set !== undefined) {
      return set === 'OK' ? undefined : await this.read(key);
    }
    const held = this.localRecord(key);
    if (held) {
      return held;
    }
    this.saveLocal(key, record, this.pendingTtlMs);
    return undefined;
  }

  private async read(key: string): Promise<IdempotencyRecord | undefined> {
    const value = await this.redis.attempt((client) => client.get(key));
    if (value === undefined) {
      return this.localRecord(key);
    }
    return value ? (JSON.parse(value) as IdempotencyRecord) : undefined;
  }

  private async save(key: string, record: IdempotencyRecord, ttlMs: number): Promise<void> {
    this.saveLocal(key, record, ttlMs);
    await this.redis.attempt((client) => client.set(key, JSON.stringify(record), 'PX', ttlMs));
  }

  private async remove(key: string): Promise<void> {
    this.local.delete(key);
    await this.redis.attempt((client) => client.del(key));
  }

  private localRecord(key: string): IdempotencyRecord | undefined {
    const entry = this.local.get(key);
    if (entry && entry.expiresAt > Date.now()) {
      return entry.record;
    }
    this.local.delete(key);
    return undefined;
  }

  private saveLocal(key: string, record: IdempotencyRecord, ttlMs: number): void {
    if (this.local.size >= LOCAL_MAX) {
      const oldest = this.local.keys().next().value;
      if (oldest !== undefined) {
        this.local.delete(oldest);
      }
    }
    this.local.set(key, { record, expiresAt: Date.now() + ttlMs });
  }
}
