import { Module, type DynamicModule } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { APP_FILTER } from '@nestjs/core';
import { AuthModule } from './auth/auth.module.js';
import type { GatewayConfig } from './config/gateway-config.js';
import { GatewayExceptionFilter } from './core/errors/gateway-exception.filter.js';
import { RouteTable } from './core/http/route-table.js';
import { IncidentsModule } from './incidents/incidents.module.js';
import { LookupsModule } from './lookups/lookups.module.js';
import { UpstreamModule } from './upstream/upstream.module.js';

@Module({})
export class AppModule {
  /** The config is validated before the module is built, so a bad value never reaches a provider. */
  static register(config: GatewayConfig, routes: RouteTable): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot({
          isGlobal: true,
          ignoreEnvFile: true,
          load: [() => ({ ...config })],
        }),
        UpstreamModule,
        AuthModule,
        IncidentsModule,
        LookupsModule,
      ],
      providers: [
        { provide: RouteTable, useValue: routes },
        { provide: APP_FILTER, useClass: GatewayExceptionFilter },
      ],
    };
  }
}
