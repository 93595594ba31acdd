import { Global, Module } from '@nestjs/common';
import { IdempotencyService } from './idempotency.service.js';

/**
 * Idempotency-Key for creating POSTs. `@Created()` puts IdempotencyInterceptor on those routes;
 * Nest makes it in each resource module, so its service is global.
 */
@Global()
@Module({ providers: [IdempotencyService], exports: [IdempotencyService] })
export class IdempotencyModule {}
