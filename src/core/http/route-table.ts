import FindMyWay, { type HTTPMethod } from 'find-my-way';

const METHODS: HTTPMethod[] = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

/**
 * A copy of the registered routes, so a request that matched no route can be told apart:
 * 405 when the path exists with other methods, 404 when it does not exist at all.
 */
export class RouteTable {
  // Matches exactly as Fastify routes (trailing slash significant): `/v1/accounts/` is not a
  // route, so it is a 404, never a 405 that lists the very method that was refused.
  private readonly router = FindMyWay();

  add(method: string | string[], url: string): void {
    for (const m of Array.isArray(method) ? method : [method]) {
      const upper = m.toUpperCase() as HTTPMethod;
      if (METHODS.includes(upper) && !this.router.hasRoute(upper, url)) {
        this.router.on(upper, url, () => undefined);
      }
    }
  }

  allowedMethods(path: string): string[] {
    return METHODS.filter((m) => {
      const found = this.router.find(m, path);
      // find-my-way matches `/v1/accounts/` to `/v1/accounts/:id` with an empty id: not a route.
      return found !== null && !Object.values(found.params).some((value) => value === '');
    });
  }
}
