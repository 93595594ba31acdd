import { Global, Module } from '@nestjs/common';
import { CollectionReader } from './collection-reader.service.js';
import { ElementTokenService } from './element-token.service.js';
import { TenantCircuits } from './resilience/tenant-circuits.service.js';
import { UpstreamClient } from './upstream.client.js';

@Global()
@Module({
  providers: [ElementTokenService, TenantCircuits, UpstreamClient, CollectionReader],
  exports: [UpstreamClient, CollectionReader, TenantCircuits],
})
export class UpstreamModule {}
