import { checkVersion } from '../core/http/if-match.js';
import type { RequestContext } from '../core/http/request-context.js';
import { callFrom, hubPath, type CallContext, type QueryValue } from './upstream-call.js';
import type { UpstreamClient } from './upstream.client.js';

/**
 * One top-level C4C record type by id (`/incidents/{id}`, `/contacts/{id}`, `/accounts/{id}`): the
 * read, If-Match check, patch and delete that incidents, contacts and accounts share.
 */
export class HubRecords<T extends { ETag?: string | null }> {
  constructor(
    private readonly upstream: UpstreamClient,
    private readonly collection: 'incidents' | 'contacts' | 'accounts',
    /** How messages name one record: "incident" gives "No incident with id …". */
    private readonly noun: string,
    /** Sent with every read of one record (e.g. the expansions incidents need). */
    private readonly readQuery?: Record<string, QueryValue>,
  ) {}

  /** The call context for this record type; without an id, for the collection. */
  call(ctx: RequestContext, id?: string): CallContext {
    return callFrom(ctx, id === undefined ? undefined : `${this.noun} with id ${id}`);
  }

  async read(ctx: RequestContext, id: string): Promise<T> {
    const result = await this.upstream.hub<T>({
      ...this.call(ctx, id),
      method: 'GET',
      path: this.path(id),
      query: this.readQuery,
    });
    return result.body;
  }

  /**
   * Compares an If-Match with the record's current version from a fresh read (C4C may not get the
   * header through Cloud Elements); nothing to check without one. Throws 412 on a mismatch.
   */
  async checkIfMatch(ctx: RequestContext, id: string, ifMatch: string | undefined): Promise<void> {
    if (ifMatch !== undefined) {
      checkVersion(ifMatch, (await this.read(ctx, id)).ETag ?? null);
    }
  }

  /** Patches the given native fields; no fields, no call. */
  async patch(ctx: RequestContext, id: string, fields: object): Promise<void> {
    if (Object.keys(fields).length > 0) {
      await this.upstream.hub({
        ...this.call(ctx, id),
        method: 'PATCH',
        path: this.path(id),
        body: fields,
      });
    }
  }

  async remove(ctx: RequestContext, id: string): Promise<void> {
    await this.upstream.hub({ ...this.call(ctx, id), method: 'DELETE', path: this.path(id) });
  }

  private path(id: string): string {
    return `/${this.collection}${hubPath(id)}`;
  }
}
