import { hash } from 'node:crypto';

/*
 * Every key the gateway writes, built here. `{tenant}` is a Redis Cluster hash tag: a response and
 * the generations it depends on share a slot, so one MGET reads them together.
 */

/** A GET response: tenant + normalized path + canonical query (+ audience when it changes the body). */
export function responseKey(tenant: string, resource: string, pathAndQuery: string): string {
  const digest = hash('sha256', pathAndQuery, 'base64url').slice(0, 32);
  return `c:{${tenant}}:${resource}:${digest}`;
}

/** A per-tenant generation counter; a write bumps the scopes it changed. */
export function generationKey(tenant: string, scope: string): string {
  return `g:{${tenant}}:${scope}`;
}

/** Held by the one instance loading a key, so the others wait instead of calling upstream. */
export function loadLockKey(key: string): string {
  return `${key}:load`;
}

/** Held by the one instance refreshing a stale key in the background. */
export function refreshLockKey(key: string): string {
  return `${key}:refresh`;
}

export function elementTokenKey(tenant: string): string {
  return `t:{${tenant}}`;
}

export function elementTokenLockKey(tenant: string): string {
  return `t:{${tenant}}:lock`;
}

/** Query parameters sorted by name (then value), so `?a=1&b=2` and `?b=2&a=1` share an entry. */
export function canonicalPathAndQuery(url: string): string {
  if (!url.includes('?')) {
    return url;
  }
  const [path = '/', query = ''] = url.split('?', 2);
  const params = new URLSearchParams(query);
  const sorted = [...params.entries()].sort(([ak, av], [bk, bv]) =>
    ak === bk ? compare(av, bv) : compare(ak, bk),
  );
  const canonical = new URLSearchParams(sorted).toString();
  return canonical ? `${path}?${canonical}` : path;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
