import { Module } from '@nestjs/common';
import { LookupsController } from './lookups.controller.js';
import { LookupLists } from './lookup-lists.service.js';
import { LookupsService } from './lookups.service.js';

@Module({
  controllers: [LookupsController],
  providers: [LookupsService, LookupLists],
  exports: [LookupLists],
})
export class LookupsModule {}
