import type { UpstreamCall } from './upstream-call.js';
import type { UpstreamClient } from './upstream.client.js';

export interface PageRequest {
  /** 1-based upstream page. */
  page: number;
  limit: number;
}

export interface FetchedPage<T> {
  items: T[];
  hasMore: boolean;
  upstreamRequestId?: string;
}

/**
 * Reads one page of a collection. Cloud Elements sends a next-page token even on the last page,
 * so "has more" comes from a one-record look-ahead at the first record of the next page, fetched
 * in parallel with the page itself.
 */
export async function fetchPage<T>(
  client: UpstreamClient,
  call: Omit<UpstreamCall, 'method'>,
  { page, limit }: PageRequest,
): Promise<FetchedPage<T>> {
  const pageCall = client.hub<T[]>({
    ...call,
    method: 'GET',
    query: { ...call.query, page, pageSize: limit },
  });
  const probeCall = client.hub<unknown[]>({
    ...call,
    method: 'GET',
    query: { ...call.query, expand: undefined, page: page * limit + 1, pageSize: 1 },
  });
  const [current, probe] = await Promise.all([pageCall, probeCall]);
  const items = Array.isArray(current.body) ? current.body : [];
  return {
    items: items.slice(0, limit),
    hasMore: items.length >= limit && Array.isArray(probe.body) && probe.body.length > 0,
    upstreamRequestId: current.upstreamRequestId,
  };
}
