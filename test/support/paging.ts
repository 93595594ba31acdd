import { json, type TestGateway } from './test-gateway.js';

export interface WalkedPages<T> {
  items: T[];
  pages: number;
}

/** Follows nextCursor from the first page to the last, failing on a loop or a non-200. */
export async function walkPages<T = Record<string, any>>(
  gw: TestGateway,
  path: string,
  init: Parameters<TestGateway['call']>[1] = {},
  maxPages = 100,
): Promise<WalkedPages<T>> {
  const items: T[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const separator = path.includes('?') ? '&' : '?';
    const url: string = cursor ? `${path}${separator}cursor=${encodeURIComponent(cursor)}` : path;
    const response = await gw.call(url, init);
    if (response.status !== 200) {
      throw new Error(`GET ${url} answered ${response.status}: ${await response.text()}`);
    }
    const body = await json<{ data: T[]; page: { nextCursor: string | null } }>(response);
    items.push(...body.data);
    cursor = body.page.nextCursor;
    pages++;
  } while (cursor !== null && pages < maxPages);
  if (cursor !== null) {
    throw new Error(`more than ${maxPages} pages`);
  }
  return { items, pages };
}
