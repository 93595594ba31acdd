import { Global, Module } from '@nestjs/common';
import { CollectionReader } from './collection-reader.service.js';
import { ElementTokenService } from './element-token.service.js';
import { UpstreamClient } from './upstream.client.js';

@Global()
@Module({
  providers: [ElementTokenService, UpstreamClient, CollectionReader],
  exports: [UpstreamClient, CollectionReader],
})
export class UpstreamModule {}
