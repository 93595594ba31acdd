import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module.js';
import { CommentsModule } from '../comments/comments.module.js';
import { ContactsModule } from '../contacts/contacts.module.js';
import { LinksModule } from '../links/links.module.js';
import { LookupsModule } from '../lookups/lookups.module.js';
import { IncidentExpansionService } from './incident-expansion.service.js';
import { IncidentsController } from './incidents.controller.js';
import { IncidentsService } from './incidents.service.js';

@Module({
  imports: [LinksModule, LookupsModule, CommentsModule, ContactsModule, AccountsModule],
  controllers: [IncidentsController],
  providers: [IncidentsService, IncidentExpansionService],
})
export class IncidentsModule {}
