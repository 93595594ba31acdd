import { Inject, Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { hash } from 'node:crypto';
import type { CacheConfig, CachedResource, GatewayConfig } from '../config/gateway-config.js';
import { ErrorCode } from '../core/errors/error-code.js';
import { GatewayError } from '../core/errors/gateway.error.js';
import { toGatewayError } from '../core/errors/to-gateway-error.js';
import { MetricsService, type CacheResult } from '../metrics/metrics.service.js';
import { sameGenerations, type CacheEntry } from './cache-entry.js';
import { generationKey, loadLockKey, refreshLockKey } from './cache-keys.js';
import { CacheStore, type StoredRead } from './cache-store.js';
import { LocalGenerations } from './local-generations.js';

export interface CacheRequest {
  tenant: string;
  resource: CachedResource;
  key: string;
  /** Generation scopes the response depends on, e.g. ['incident:<id>']. */
  scopes: string[];
  /** `Cache-Control: no-cache` from the caller: read upstream (still coalesced) and store. */
  bypass: boolean;
  deadlineAt: number;
}

/** What one read of a key found: Redis's answer (undefined: unavailable) and the valid entry. */
export interface CacheProbe {
  key: string;
  stored?: StoredRead;
  entry?: CacheEntry;
}

export interface CachedResponse {
  body: string;
  /** The body's UTF-8 bytes, when an in-process copy holds them (see `freshLocalHit`). */
  bytes?: Buffer;
  etag: string;
  cacheStatus: string;
  ageSeconds: number;
}

const CACHE = 'helpdesk-gateway';
const POLL_MS = 20;
/** Upstream failures that justify serving a stale answer (RFC 5861 stale-if-error). */
const STALE_IF = new Set([
  ErrorCode.UpstreamError,
  ErrorCode.UpstreamUnavailable,
  ErrorCode.UpstreamRateLimited,
  ErrorCode.UpstreamTimeout,
]);

type Load = () => Promise<unknown>;
/** Told the generation of a scope whenever a read of the cache saw it. */
export type GenerationObserver = (tenant: string, generation: number) => void;
interface Flight {
  entry: CacheEntry;
  collapsed?: boolean;
  stale?: boolean;
  /** Redis took the entry this load wrote. */
  stored?: boolean;
}

/**
 * GET responses per tenant in Redis: fresh hits, stale-while-revalidate, stale-if-error, one load
 * per key in this process and across instances, generation-based invalidation, 404s remembered
 * briefly. Redis trouble only turns hits into misses.
 */
@Injectable()
export class ResponseCache {
  private readonly logger = new Logger(ResponseCache.name);
  private readonly config: CacheConfig;
  private readonly flights = new Map<string, Promise<Flight>>();
  private readonly refreshing = new Set<string>();
  private readonly observers = new Map<string, GenerationObserver>();

  constructor(
    @Inject(CacheStore) private readonly store: CacheStore,
    @Inject(LocalGenerations) private readonly local: LocalGenerations,
    @Inject(MetricsService) private readonly metrics: MetricsService,
    @Inject(ConfigService) config: ConfigService<GatewayConfig, true>,
  ) {
    this.config = config.get('cache', { infer: true });
  }

  get enabled(): boolean {
    return this.config.enabled;
  }

  /**
   * A fresh hit, or no hit for anything else (a miss, a stale entry, a remembered 404, Redis
   * unavailable), with the read it made so that `serve` can go on from it without reading again.
   * Only a hit is counted in the metrics here.
   */
  async peek(
    request: CacheRequest,
  ): Promise<{ hit?: CachedResponse; notFound?: GatewayError; probe?: CacheProbe }> {
    if (request.bypass) {
      return {};
    }
    const probe = await this.probe(request);
    const entry = probe.entry;
    const now = Date.now();
    if (!entry || now >= entry.freshUntil) {
      return { probe };
    }
    const status = `hit; ttl=${Math.ceil((entry.freshUntil - now) / 1000)}`;
    if (entry.status === 404) {
      this.count(request, 'not_found');
      return { notFound: this.notFound(entry, status), probe };
    }
    this.count(request, 'hit');
    return { hit: this.respond({ entry }, status), probe };
  }

  /**
   * A fresh 200 answer from this process's copy of the entry, found without waiting, or undefined
   * (no copy, not fresh, a remembered 404, a bypass: `peek` and `serve` handle those). Not
   * counted: the caller counts it once it answers with it (see LocalHitLane).
   */
  freshLocalHit(request: CacheRequest): CachedResponse | undefined {
    if (request.bypass) {
      return undefined;
    }
    const { stored, entry } = this.settle(request, this.store.readLocal(request.key));
    const now = Date.now();
    if (!entry || entry.status !== 200 || now >= entry.freshUntil) {
      return undefined;
    }
    const response = this.respond(
      { entry },
      `hit; ttl=${Math.ceil((entry.freshUntil - now) / 1000)}`,
    );
    response.bytes = stored?.bytes;
    return response;
  }

  /**
   * Answers from the cache or loads. `earlier` is a read of the same key made moments before; one
   * that failed is not trusted and the read is made again.
   */
  async serve(request: CacheRequest, load: Load, earlier?: CacheProbe): Promise<CachedResponse> {
    const reuse = earlier?.key === request.key && earlier.stored !== undefined;
    const { stored, entry } = reuse ? earlier : await this.probe(request);
    const now = Date.now();
    if (entry && !request.bypass && now < entry.revalidateUntil) {
      return this.fromStore(request, entry, stored?.gens ?? [], load, now);
    }
    const flightKey = `${request.key}|${stored?.gens.join(',') ?? '-'}|${this.local.sum(request.tenant, request.scopes)}`;
    const pending = this.flights.get(flightKey);
    if (pending) {
      this.count(request, 'coalesced');
      return this.respond(await pending, `fwd=miss; collapsed`);
    }
    this.count(request, request.bypass ? 'bypass' : 'miss');
    const flight = this.load(request, stored?.gens, entry, load).finally(() =>
      this.flights.delete(flightKey),
    );
    this.flights.set(flightKey, flight);
    const result = await flight;
    if (result.stale) {
      this.count(request, 'stale');
      return this.respond(result, 'fwd=stale');
    }
    const reason = request.bypass ? 'fwd=request' : 'fwd=miss';
    if (result.collapsed) {
      return this.respond(result, `${reason}; collapsed`);
    }
    return this.respond(result, result.stored ? `${reason}; stored` : reason);
  }

  /**
   * Hands the generations of `scope` read for any request to the observer, for state kept outside
   * the cache that depends on the same scope (the learnt links, see LinkEpochs).
   */
  observe(scope: string, observer: GenerationObserver): void {
    this.observers.set(scope, observer);
  }

  /** One read of the request's key and generations; the entry only while its generations hold. */
  private async probe(request: CacheRequest): Promise<CacheProbe> {
    const generationKeys = request.scopes.map((scope) => generationKey(request.tenant, scope));
    return this.settle(request, await this.store.read(request.key, generationKeys));
  }

  /** What a read found: observers told the generations seen, the entry kept if still valid. */
  private settle(request: CacheRequest, stored: StoredRead | undefined): CacheProbe {
    if (stored && this.observers.size > 0) {
      for (let i = 0; i < request.scopes.length; i++) {
        this.observers.get(request.scopes[i] as string)?.(request.tenant, stored.gens[i] ?? 0);
      }
    }
    const entry =
      stored?.entry && sameGenerations(stored.entry.gens, stored.gens) ? stored.entry : undefined;
    return { key: request.key, stored, entry };
  }

  /** After a successful write: the scopes it changed are invalid everywhere from now on. */
  async invalidate(tenant: string, scopes: string[]): Promise<void> {
    this.local.bump(tenant, scopes);
    await this.store.bump(scopes.map((scope) => generationKey(tenant, scope)));
  }

  private fromStore(
    request: CacheRequest,
    entry: CacheEntry,
    gens: number[],
    load: Load,
    now: number,
  ): CachedResponse {
    // A 404 has no stale window, so one found here is fresh: a hit, which `respond` throws.
    if (now < entry.freshUntil) {
      this.count(request, entry.status === 404 ? 'not_found' : 'hit');
      return this.respond({ entry }, `hit; ttl=${Math.ceil((entry.freshUntil - now) / 1000)}`);
    }
    this.count(request, 'stale');
    this.refreshInBackground(request, gens, load);
    return this.respond({ entry }, 'fwd=stale');
  }

  private async load(
    request: CacheRequest,
    gens: number[] | undefined,
    stale: CacheEntry | undefined,
    load: Load,
  ): Promise<Flight> {
    const lock = loadLockKey(request.key);
    let locked =
      gens === undefined ? undefined : await this.store.tryLock(lock, this.lockTtl(request));
    try {
      if (locked === false) {
        const waited = await this.waitForOther(request, gens as number[], lock);
        if (waited.entry) {
          return { entry: waited.entry, collapsed: true };
        }
        locked = waited.locked;
      }
      return await this.loadAndStore(request, gens ?? [], load);
    } catch (error) {
      if (stale && STALE_IF.has(toGatewayError(error).code) && Date.now() < stale.staleUntil) {
        return { entry: stale, stale: true };
      }
      throw error;
    } finally {
      if (locked) {
        await this.store.unlock(lock);
      }
    }
  }

  private async loadAndStore(request: CacheRequest, gens: number[], load: Load): Promise<Flight> {
    try {
      const body = await load();
      const entry = this.entry(request, 200, JSON.stringify(body), gens);
      // A composed answer missing a part is partly an error: this caller gets it, nobody else.
      const stored = !isPartial(body) && (await this.store.write(request.key, entry));
      return { entry, stored };
    } catch (error) {
      const mapped = toGatewayError(error);
      if (mapped.code === ErrorCode.NotFound && this.config.notFoundSeconds > 0) {
        await this.store.write(request.key, this.entry(request, 404, mapped.detail, gens));
      }
      throw error;
    }
  }

  /**
   * Another instance holds the load lock: poll for its result (a 200 or a remembered 404), up to
   * the lock wait or deadline. A lock released with no result (that load failed, or its answer was
   * not stored) is taken over at once, so one waiter loads next instead of all at the end of the wait.
   */
  private async waitForOther(
    request: CacheRequest,
    gens: number[],
    lock: string,
  ): Promise<{ entry?: CacheEntry; locked?: boolean }> {
    const until = Math.min(Date.now() + this.config.lockWaitMs, request.deadlineAt);
    const generationKeys = request.scopes.map((scope) => generationKey(request.tenant, scope));
    const usable = async (): Promise<CacheEntry | undefined> => {
      const entry = (await this.store.read(request.key, generationKeys))?.entry;
      return entry && sameGenerations(entry.gens, gens) && Date.now() < entry.freshUntil
        ? entry
        : undefined;
    };
    while (Date.now() < until) {
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      const entry = await usable();
      if (entry) {
        return { entry };
      }
      const locked = await this.store.tryLock(lock, this.lockTtl(request));
      if (locked === true) {
        // The other load may have stored its answer between the read and the lock.
        const stored = await usable();
        if (stored) {
          await this.store.unlock(lock);
          return { entry: stored };
        }
      }
      if (locked !== false) {
        return { locked };
      }
    }
    return { locked: false };
  }

  private refreshInBackground(request: CacheRequest, gens: number[], load: Load): void {
    if (this.refreshing.has(request.key)) {
      return;
    }
    this.refreshing.add(request.key);
    const refresh = async (): Promise<void> => {
      const lock = refreshLockKey(request.key);
      if ((await this.store.tryLock(lock, this.lockTtl(request))) === false) {
        return;
      }
      await this.loadAndStore(
        { ...request, deadlineAt: Date.now() + this.lockTtl(request) },
        gens,
        load,
      );
    };
    refresh()
      .catch((error: unknown) => this.logger.debug(`Background refresh failed: ${String(error)}`))
      .finally(() => this.refreshing.delete(request.key));
  }

  private entry(
    request: CacheRequest,
    status: 200 | 404,
    body: string,
    gens: number[],
  ): CacheEntry {
    const now = Date.now();
    const fresh =
      (status === 404 ? this.config.notFoundSeconds : this.config.ttlSeconds[request.resource]) *
      1000;
    const revalidate = status === 404 ? 0 : Math.min(fresh, this.config.staleSeconds * 1000);
    const stale = status === 404 ? 0 : this.config.staleSeconds * 1000;
    return {
      status,
      body,
      etag: etagOf(body),
      storedAt: now,
      freshUntil: now + fresh,
      revalidateUntil: now + fresh + revalidate,
      staleUntil: now + fresh + stale,
      gens,
    };
  }

  /** The answer for an entry; a remembered 404 is thrown, carrying its Cache-Status and Age. */
  private respond(flight: Flight, status: string): CachedResponse {
    if (flight.entry.status === 404) {
      throw this.notFound(flight.entry, status);
    }
    return {
      body: flight.entry.body,
      etag: flight.entry.etag,
      cacheStatus: `${CACHE}; ${status}`,
      ageSeconds: ageOf(flight.entry),
    };
  }

  private notFound(entry: CacheEntry, status: string): GatewayError {
    return new GatewayError(ErrorCode.NotFound, entry.body, {
      headers: { 'cache-status': `${CACHE}; ${status}`, age: String(ageOf(entry)) },
    });
  }

  private lockTtl(request: CacheRequest): number {
    return Math.max(
      1000,
      Math.min(this.config.lockWaitMs * 2, request.deadlineAt - Date.now() + 1000),
    );
  }

  private count(request: CacheRequest, result: CacheResult): void {
    this.metrics.cacheResults.inc({ resource: request.resource, result });
  }
}

/**
 * A composed answer (api-contract §3) with parts it could not fetch, listed in `expansionErrors`.
 * Caches hold no error responses (§4), so such an answer is never stored.
 */
function isPartial(body: unknown): boolean {
  return typeof body === 'object' && body !== null && 'expansionErrors' in body;
}

function ageOf(entry: CacheEntry): number {
  return Math.max(0, Math.floor((Date.now() - entry.storedAt) / 1000));
}

/** A strong validator from the body's bytes. */
export function etagOf(body: string): string {
  return `"${hash('sha1', body, 'base64url')}"`;
}
