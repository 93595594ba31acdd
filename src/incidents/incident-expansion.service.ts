import { Inject, Injectable } from '@nestjs/common';
import { AccountsService } from '../accounts/accounts.service.js';
import { CommentsService } from '../comments/comments.service.js';
import { ContactsService } from '../contacts/contacts.service.js';
import { toGatewayError } from '../core/errors/to-gateway-error.js';
import type { RequestContext } from '../core/http/request-context.js';
import type { ExpandedIncidentDto, ExpansionErrorDto } from './dto/expanded-incident.dto.js';
import type { Expansion } from './dto/get-incident-query.dto.js';
import type { IncidentDto } from './dto/incident.dto.js';

/**
 * The BFF composition of api-contract §3: related records fetched in parallel; a part that fails
 * leaves its member null and an `expansionErrors` entry, and the incident still comes back.
 */
@Injectable()
export class IncidentExpansionService {
  constructor(
    @Inject(CommentsService) private readonly comments: CommentsService,
    @Inject(ContactsService) private readonly contacts: ContactsService,
    @Inject(AccountsService) private readonly accounts: AccountsService,
  ) {}

  async expand(
    ctx: RequestContext,
    incident: IncidentDto,
    expansions: Expansion[],
  ): Promise<ExpandedIncidentDto> {
    const loaders: Record<Expansion, () => Promise<unknown>> = {
      comments: () => this.comments.list(ctx, incident.id, {}),
      contact: () =>
        incident.contactId ? this.contacts.findOne(ctx, incident.contactId) : Promise.resolve(null),
      account: () =>
        incident.accountId ? this.accounts.findOne(ctx, incident.accountId) : Promise.resolve(null),
    };
    const settled = await Promise.allSettled(expansions.map((expansion) => loaders[expansion]()));
    const expanded: Record<string, unknown> = { ...incident };
    const errors: ExpansionErrorDto[] = [];
    settled.forEach((outcome, index) => {
      const expansion = expansions[index] as Expansion;
      expanded[expansion] = outcome.status === 'fulfilled' ? outcome.value : null;
      if (outcome.status === 'rejected') {
        errors.push({ expand: expansion, code: toGatewayError(outcome.reason).code });
      }
    });
    if (errors.length > 0) {
      expanded.expansionErrors = errors;
    }
    return expanded as unknown as ExpandedIncidentDto;
  }
}
