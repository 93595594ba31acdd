import { Inject, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { GatewayConfig } from '../config/gateway-config.js';
import { ErrorCode } from '../core/errors/error-code.js';
import { GatewayError } from '../core/errors/gateway.error.js';
import type { RequestContext } from '../core/http/request-context.js';
import { CursorCodec, canonicalQuery } from '../core/pagination/cursor.js';
import type { PageInfo } from '../core/pagination/page.js';
import type { Ceql } from './ceql.js';
import { fetchPage } from './fetch-page.js';
import { UpstreamClient } from './upstream.client.js';

export const DEFAULT_LIMIT = 25;

export interface CollectionRead {
  /** Names the collection in cursors, e.g. "incidents" or "incidents/<id>/comments". */
  collection: string;
  path: string;
  limit?: number;
  cursor?: string;
  /** The caller's filters and sort, as given: they bind the cursor. */
  filters: Record<string, unknown>;
  where?: Ceql;
  orderBy?: string;
  expand?: string;
  subject?: string;
}

export interface CollectionPage<T> {
  items: T[];
  page: PageInfo;
}

/** Reads one page of an upstream collection behind the gateway's signed cursors. */
@Injectable()
export class CollectionReader {
  private readonly cursors: CursorCodec;

  constructor(
    @Inject(UpstreamClient) private readonly upstream: UpstreamClient,
    @Inject(ConfigService) config: ConfigService<GatewayConfig, true>,
  ) {
    this.cursors = new CursorCodec(config.get('app', { infer: true }).cursorSecret);
  }

  async read<T>(ctx: RequestContext, read: CollectionRead): Promise<CollectionPage<T>> {
    const binding = {
      tenant: ctx.tenant,
      collection: read.collection,
      query: canonicalQuery(read.filters),
    };
    const state = read.cursor ? this.cursors.decode(binding, read.cursor) : undefined;
    if (state && read.limit !== undefined && read.limit !== state.limit) {
      throw new GatewayError(
        ErrorCode.ValidationFailed,
        'limit differs from the one the cursor was made for',
        {
          errors: [
            { field: 'limit', message: 'must be left out or equal the limit of the first page' },
          ],
        },
      );
    }
    const limit = state?.limit ?? read.limit ?? DEFAULT_LIMIT;
    const page = state?.page ?? 1;
    const fetched = await fetchPage<T>(
      this.upstream,
      {
        tenant: ctx.tenant,
        path: read.path,
        query: { where: read.where?.text, orderBy: read.orderBy, expand: read.expand },
        requestId: ctx.requestId,
        deadlineAt: ctx.deadlineAt,
        subject: read.subject,
      },
      { page, limit },
    );
    return {
      items: fetched.items,
      page: {
        limit,
        nextCursor: fetched.hasMore
          ? this.cursors.encode(binding, { page: page + 1, limit })
          : null,
      },
    };
  }
}
