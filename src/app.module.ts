import { Module, type DynamicModule } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { APP_FILTER } from '@nestjs/core';
import { AccountsModule } from './accounts/accounts.module.js';
import { AttachmentsModule } from './attachments/attachments.module.js';
import { AuthModule } from './auth/auth.module.js';
import { CacheModule } from './cache/cache.module.js';
import { MetricsModule } from './metrics/metrics.module.js';
import { RedisModule } from './redis/redis.module.js';
import { CommentsModule } from './comments/comments.module.js';
import { EventsModule } from './events/events.module.js';
import type { GatewayConfig } from './config/gateway-config.js';
import { ContactsModule } from './contacts/contacts.module.js';
import { GatewayExceptionFilter } from './core/errors/gateway-exception.filter.js';
import { RouteTable } from './core/http/route-table.js';
import { HealthModule } from './health/health.module.js';
import { IdempotencyModule } from './idempotency/idempotency.module.js';
import { IncidentsModule } from './incidents/incidents.module.js';
import { LifecycleModule } from './lifecycle/lifecycle.module.js';
import { LookupsModule } from './lookups/lookups.module.js';
import { UpstreamModule } from './upstream/upstream.module.js';
import { SecretsModule } from './security/secrets.module.js';
import type { SecretRedactor } from './security/secret-redactor.js';

@Module({})
export class AppModule {
  /** The config is validated before the module is built, so a bad value never reaches a provider. */
  static register(
    config: GatewayConfig,
    routes: RouteTable,
    secrets: SecretRedactor,
  ): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot({
          isGlobal: true,
          ignoreEnvFile: true,
          load: [() => ({ ...config })],
        }),
        SecretsModule.register(secrets),
        LifecycleModule,
        MetricsModule,
        RedisModule,
        CacheModule,
        UpstreamModule,
        AuthModule,
        IncidentsModule,
        CommentsModule,
        AttachmentsModule,
        ContactsModule,
        AccountsModule,
        LookupsModule,
        EventsModule,
        HealthModule,
        IdempotencyModule,
      ],
      providers: [
        { provide: RouteTable, useValue: routes },
        { provide: APP_FILTER, useClass: GatewayExceptionFilter },
      ],
    };
  }
}
