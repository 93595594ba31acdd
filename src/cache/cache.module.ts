import { Global, Module } from '@nestjs/common';
import { InvalidateInterceptor } from './invalidate.interceptor.js';
import { CacheStore } from './cache-store.js';
import { LocalGenerations } from './local-generations.js';
import { NearCache } from './near-cache.js';
import { ResponseCache } from './response-cache.service.js';

@Global()
@Module({
  providers: [CacheStore, NearCache, LocalGenerations, ResponseCache, InvalidateInterceptor],
  exports: [ResponseCache, CacheStore, NearCache, InvalidateInterceptor],
})
export class CacheModule {}
