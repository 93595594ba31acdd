import { Module } from '@nestjs/common';
import { LinkCache } from './link-cache.js';
import { LinkResolverService } from './link-resolver.service.js';

@Module({
  providers: [LinkCache, LinkResolverService],
  exports: [LinkResolverService],
})
export class LinksModule {}
