import { Inject, Injectable } from '@nestjs/common';
import type { RequestContext } from '../core/http/request-context.js';
import { UpstreamFailure } from '../upstream/upstream-failure.js';
import { UpstreamClient } from '../upstream/upstream.client.js';
import type { PriorityLookupListDto, StatusLookupListDto } from './lookup.dto.js';
import {
  STANDARD_PRIORITIES,
  STANDARD_STATUSES,
  toPriorityLookups,
  toStatusLookups,
  type UpstreamCode,
} from './lookup.mapper.js';

const STATUS_CODES = '/ServiceRequestLifeCycleStatusCodeCollection';
const PRIORITY_CODES = '/ServiceRequestServicePriorityCodeCollection';

@Injectable()
export class LookupsService {
  constructor(@Inject(UpstreamClient) private readonly upstream: UpstreamClient) {}

  async statuses(ctx: RequestContext): Promise<StatusLookupListDto> {
    return { data: toStatusLookups(await this.codeList(ctx, STATUS_CODES, STANDARD_STATUSES)) };
  }

  async priorities(ctx: RequestContext): Promise<PriorityLookupListDto> {
    return {
      data: toPriorityLookups(await this.codeList(ctx, PRIORITY_CODES, STANDARD_PRIORITIES)),
    };
  }

  /** A tenant's code list; the standard C4C list when the element does not expose it (404). */
  private async codeList(
    ctx: RequestContext,
    path: string,
    standard: UpstreamCode[],
  ): Promise<UpstreamCode[]> {
    try {
      const result = await this.upstream.hub<UpstreamCode[]>({
        tenant: ctx.tenant,
        method: 'GET',
        path,
        query: { pageSize: 200 },
        requestId: ctx.requestId,
        deadlineAt: ctx.deadlineAt,
      });
      return Array.isArray(result.body) ? result.body : standard;
    } catch (error) {
      if (error instanceof UpstreamFailure && error.details.status === 404) {
        return standard;
      }
      throw error;
    }
  }
}
