import { Inject, Injectable } from '@nestjs/common';
import { ErrorCode } from '../core/errors/error-code.js';
import { GatewayError } from '../core/errors/gateway.error.js';
import type { RequestContext } from '../core/http/request-context.js';
import { text } from '../core/mapping/values.js';
import { Ceql } from '../upstream/ceql.js';
import { UpstreamFailure } from '../upstream/upstream-failure.js';
import { hubPath } from '../upstream/upstream-call.js';
import { UpstreamClient } from '../upstream/upstream.client.js';
import { ResolvedLinks, type LinkIds } from './link-ids.js';
import { LINK_KINDS, type LinkKind } from './link-kinds.js';
import { LinkCache } from './link-cache.js';
import { LinkEpochs } from './link-epochs.js';

const BATCH = 50;

/**
 * C4C links records by business key (an incident's CustomerID is its account's AccountID); callers
 * see ids. Keys never change, so both directions are cached once learnt.
 */
@Injectable()
export class LinkResolverService {
  /** Batch lookups in flight, by tenant, kind and business key. */
  private readonly batchLookups = new Map<string, Promise<ReadonlyMap<string, string>>>();
  /** Single-record key lookups in flight, by tenant, kind and record id. */
  private readonly keyLookups = new Map<string, Promise<string | null>>();

  constructor(
    @Inject(UpstreamClient) private readonly upstream: UpstreamClient,
    @Inject(LinkCache) private readonly cache: LinkCache,
    @Inject(LinkEpochs) private readonly epochs: LinkEpochs,
  ) {}

  /** Resolves the business keys found on one page of records, one upstream call per kind at most. */
  async idsFor(
    ctx: RequestContext,
    keys: { accounts: unknown[]; contacts: unknown[] },
  ): Promise<LinkIds> {
    await this.epochs.current(ctx.tenant);
    const [accounts, contacts] = await Promise.all([
      this.resolveKeys(ctx, 'account', keys.accounts),
      this.resolveKeys(ctx, 'contact', keys.contacts),
    ]);
    return new ResolvedLinks(accounts, contacts);
  }

  /**
   * The business key of a linked record, for a filter or a write; a missing record is a 400.
   * Concurrent requests of a tenant for the same record share one lookup.
   */
  async keyFor(ctx: RequestContext, kind: LinkKind, id: string, field: string): Promise<string> {
    await this.epochs.current(ctx.tenant);
    const cached = this.cache.keyFor(ctx.tenant, kind, id);
    if (cached !== undefined) {
      return cached;
    }
    if (this.cache.isMissingId(ctx.tenant, kind, id)) {
      throw unknownLink(field, LINK_KINDS[kind].label);
    }
    const flight = flightKey(ctx, kind, id);
    let lookup = this.keyLookups.get(flight);
    if (!lookup) {
      lookup = this.lookUpKey(ctx, kind, id);
      shareWhileInFlight(this.keyLookups, [flight], lookup);
    }
    const key = await lookup;
    if (key === null) {
      throw unknownLink(field, LINK_KINDS[kind].label);
    }
    return key;
  }

  /** Teaches the cache a record just created, so linking to it right away needs no lookup. */
  remember(ctx: RequestContext, kind: LinkKind, key: unknown, id: unknown): void {
    const k = text(key);
    const i = text(id);
    if (k !== null && i !== null) {
      this.cache.remember(ctx.tenant, kind, k, i);
    }
  }

  /** Forgets a deleted record, so a later link to it is refused instead of sent upstream. */
  forget(ctx: RequestContext, kind: LinkKind, id: string): void {
    this.cache.forget(ctx.tenant, kind, id);
  }

  /**
   * Known keys from the cache; keys another request is already fetching join that fetch (so a cold
   * burst of one tenant asks once per key, not once per request); the rest in batches, one at a time.
   * Keys the upstream recently said match nothing are left unresolved without asking again.
   */
  private async resolveKeys(
    ctx: RequestContext,
    kind: LinkKind,
    rawKeys: unknown[],
  ): Promise<Map<string, string>> {
    const keys = [...new Set(rawKeys.map(text).filter((k): k is string => k !== null))];
    const found = new Map<string, string>();
    const waits = new Map<string, Promise<ReadonlyMap<string, string>>>();
    const missing: string[] = [];
    for (const key of keys) {
      const id = this.cache.idFor(ctx.tenant, kind, key);
      if (id !== undefined) {
        found.set(key, id);
        continue;
      }
      if (this.cache.isMissingKey(ctx.tenant, kind, key)) {
        continue;
      }
      const flight = this.batchLookups.get(flightKey(ctx, kind, key));
      if (flight) {
        waits.set(key, flight);
      } else {
        missing.push(key);
      }
    }
    let previous: Promise<unknown> = Promise.resolve();
    for (let i = 0; i < missing.length; i += BATCH) {
      const batch = missing.slice(i, i + BATCH);
      const flight = previous.then(() => this.fetchBatch(ctx, kind, batch));
      previous = flight;
      const flights = batch.map((key) => flightKey(ctx, kind, key));
      shareWhileInFlight(this.batchLookups, flights, flight);
      for (const key of batch) {
        waits.set(key, flight);
      }
    }
    await Promise.all(
      [...waits].map(async ([key, flight]) => {
        const id = (await flight).get(key);
        if (id !== undefined) {
          found.set(key, id);
        }
      }),
    );
    return found;
  }

  /** The key of one record by id (remembered), or null when there is no such record. */
  private async lookUpKey(ctx: RequestContext, kind: LinkKind, id: string): Promise<string | null> {
    const { path, keyField } = LINK_KINDS[kind];
    try {
      const record = await this.upstream.hub<Record<string, unknown>>({
        tenant: ctx.tenant,
        method: 'GET',
        path: `${path}${hubPath(id)}`,
        requestId: ctx.requestId,
        deadlineAt: ctx.deadlineAt,
      });
      const key = text(record.body?.[keyField]);
      if (key !== null) {
        this.cache.remember(ctx.tenant, kind, key, id);
      }
      return key;
    } catch (error) {
      if (error instanceof UpstreamFailure && error.details.status === 404) {
        this.cache.rememberMissingId(ctx.tenant, kind, id);
        return null;
      }
      throw error;
    }
  }

  /** One lookup of up to BATCH keys; what it finds is remembered and returned, and what not, too. */
  private async fetchBatch(
    ctx: RequestContext,
    kind: LinkKind,
    keys: string[],
  ): Promise<ReadonlyMap<string, string>> {
    const { path, keyField } = LINK_KINDS[kind];
    const result = await this.upstream.hub<Record<string, unknown>[]>({
      tenant: ctx.tenant,
      method: 'GET',
      path,
      query: { where: Ceql.in(keyField, keys).text, pageSize: keys.length, page: 1 },
      requestId: ctx.requestId,
      deadlineAt: ctx.deadlineAt,
    });
    const found = new Map<string, string>();
    for (const record of Array.isArray(result.body) ? result.body : []) {
      const key = text(record[keyField]);
      const id = text(record.ObjectID);
      if (key !== null && id !== null) {
        this.cache.remember(ctx.tenant, kind, key, id);
        found.set(key, id);
      }
    }
    for (const key of keys) {
      if (!found.has(key)) {
        this.cache.rememberMissingKey(ctx.tenant, kind, key);
      }
    }
    return found;
  }
}

/** Lets other requests join `flight` under `keys` until it settles, whichever way. */
function shareWhileInFlight<T>(
  flights: Map<string, Promise<T>>,
  keys: string[],
  flight: Promise<T>,
): void {
  for (const key of keys) {
    flights.set(key, flight);
  }
  const land = (): void => {
    for (const key of keys) {
      if (flights.get(key) === flight) {
        flights.delete(key);
      }
    }
  };
  void flight.then(land, land);
}

/** Lookups in flight are per tenant: a request only ever joins its own tenant's. */
function flightKey(ctx: RequestContext, kind: LinkKind, keyOrId: string): string {
  return `${ctx.tenant}\0${kind}\0${keyOrId}`;
}

function unknownLink(field: string, label: string): GatewayError {
  return new GatewayError(ErrorCode.ValidationFailed, `No ${label} with that id`, {
    errors: [{ field, message: `does not name an existing ${label}` }],
  });
}
