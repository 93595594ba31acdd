import { badRequest } from './http-error.js';

export interface PageToken {
  page: number;
  pageSize: number;
}

export interface PageRequest extends PageToken {
  /** The pageSize the caller asked for when it was over the maximum and got clamped. */
  clampedFrom?: number;
}

/** base64 of `{"limit":n,"pageSize":n,"page":next}`, the shape Cloud Elements sends. */
export function encodePageToken(token: PageToken): string {
  const json = JSON.stringify({
    limit: token.pageSize,
    pageSize: token.pageSize,
    page: token.page,
  });
  return Buffer.from(json, 'utf8').toString('base64');
}

export function decodePageToken(token: string): PageToken {
  // A '+' in an unencoded query string arrives as a space.
  const base64 = token.trim().replaceAll(' ', '+');
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(base64, 'base64').toString('utf8'));
  } catch {
    throw badRequest('Invalid nextPage token');
  }
  const { page, pageSize } = (parsed ?? {}) as Record<string, unknown>;
  if (!isPositiveInteger(page) || !isPositiveInteger(pageSize)) {
    throw badRequest('Invalid nextPage token');
  }
  return { page, pageSize };
}

export function resolvePageRequest(query: URLSearchParams, maxPageSize: number): PageRequest {
  const fromToken = query.has('nextPage')
    ? decodePageToken(query.get('nextPage') ?? '')
    : undefined;
  const page = fromToken?.page ?? parsePositive(query.get('page'), 'page') ?? 1;
  const requested =
    parsePositive(query.get('pageSize'), 'pageSize') ?? fromToken?.pageSize ?? maxPageSize;
  if (requested > maxPageSize) {
    return { page, pageSize: maxPageSize, clampedFrom: requested };
  }
  return { page, pageSize: requested };
}

/** The next-page token is sent on every page, the last one included (a documented CE quirk). */
export function pageHeaders(request: PageRequest, returnedCount: number): Record<string, string> {
  const headers: Record<string, string> = {
    'Elements-Returned-Count': String(returnedCount),
    'Elements-Next-Page-Token': encodePageToken({
      page: request.page + 1,
      pageSize: request.pageSize,
    }),
  };
  if (request.clampedFrom !== undefined) {
    headers['Elements-Error'] =
      `pageSize ${request.clampedFrom} is over the maximum of ${request.pageSize}; ${request.pageSize} used`;
  }
  return headers;
}

export function slicePage<T>(items: readonly T[], request: PageToken): T[] {
  const start = (request.page - 1) * request.pageSize;
  return items.slice(start, start + request.pageSize);
}

function parsePositive(value: string | null, name: string): number | undefined {
  if (value === null || value === '') {
    return undefined;
  }
  const number = Number(value);
  if (!isPositiveInteger(number)) {
    throw badRequest(`Invalid value for '${name}': ${value}`);
  }
  return number;
}

function isPositiveInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 1;
}
