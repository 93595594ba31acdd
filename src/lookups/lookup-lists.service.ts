import { Inject, Injectable, Logger } from '@nestjs/common';
import { cacheRequestOf } from '../cache/cache-request.js';
import { ResponseCache } from '../cache/response-cache.service.js';
import { ErrorCode } from '../core/errors/error-code.js';
import { toGatewayError } from '../core/errors/to-gateway-error.js';
import type { RequestContext } from '../core/http/request-context.js';
import type { PriorityLookupListDto, StatusLookupListDto } from './lookup.dto.js';
import { LOOKUP_ROUTES, LOOKUPS_CACHE_POLICY, type LookupList } from './lookup-routes.js';
import { LookupsService } from './lookups.service.js';

export interface LookupCodes {
  codes: ReadonlySet<string>;
  /** Read from the upstream for this call, rather than taken from the cache. */
  fresh: boolean;
}

/**
 * The codes of a tenant's lookup lists for checking writes, read through the very cache entry that
 * `GET /v1/incident-statuses` and `/v1/incident-priorities` use (same key, scope and TTL), so a
 * check costs an upstream call only when those routes would.
 */
@Injectable()
export class LookupLists {
  private readonly logger = new Logger(LookupLists.name);

  constructor(
    @Inject(LookupsService) private readonly lookups: LookupsService,
    @Inject(ResponseCache) private readonly cache: ResponseCache,
  ) {}

  /**
   * The list's codes; `fresh` reads it from the upstream (and stores it). Undefined when the list
   * cannot be read: the caller then lets the upstream judge the code.
   */
  async codes(
    ctx: RequestContext,
    list: LookupList,
    options: { fresh?: boolean } = {},
  ): Promise<LookupCodes | undefined> {
    // Half of what is left of the request, so a slow list still leaves time for the write itself.
    const now = Date.now();
    const lookupCtx = {
      ...ctx,
      deadlineAt: now + Math.floor(Math.max(0, ctx.deadlineAt - now) / 2),
    };
    const load = (): Promise<StatusLookupListDto | PriorityLookupListDto> =>
      list === 'statuses' ? this.lookups.statuses(lookupCtx) : this.lookups.priorities(lookupCtx);
    try {
      if (!this.cache.enabled) {
        return { codes: codesOf(await load()), fresh: true };
      }
      // The very cache request `GET /v1/<list>` makes (what a `no-cache` GET makes when fresh).
      const request = cacheRequestOf(
        {
          url: `/v1/${LOOKUP_ROUTES[list]}`,
          cacheControl: options.fresh === true ? 'no-cache' : undefined,
          internal: false,
          deadlineAt: lookupCtx.deadlineAt,
          params: { id: '' },
          query: {},
        },
        ctx.tenant,
        LOOKUPS_CACHE_POLICY,
      );
      const response = await this.cache.serve(request, load);
      const body = JSON.parse(response.body) as StatusLookupListDto | PriorityLookupListDto;
      return { codes: codesOf(body), fresh: !/; (hit|fwd=stale)/.test(response.cacheStatus) };
    } catch (error) {
      // An upstream failure (or an open circuit, a timeout…) leaves the check to the upstream; a
      // fault in the gateway itself is not hidden behind that.
      if (toGatewayError(error).code === ErrorCode.InternalError) {
        throw error;
      }
      this.logger.debug(`The ${list} list could not be read to check a write: ${String(error)}`);
      return undefined;
    }
  }
}

function codesOf(list: StatusLookupListDto | PriorityLookupListDto): ReadonlySet<string> {
  return new Set(list.data.map((entry) => entry.code));
}
