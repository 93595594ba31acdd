import { Module } from '@nestjs/common';
import { LinkCache } from './link-cache.js';
import { LinkEpochs } from './link-epochs.js';
import { LinkResolverService } from './link-resolver.service.js';

@Module({
  providers: [LinkCache, LinkEpochs, LinkResolverService],
  exports: [LinkResolverService],
})
export class LinksModule {}
