import { Global, Module, type DynamicModule } from '@nestjs/common';
import { SecretRedactor } from './secret-redactor.js';

/** Shares the gateway's one SecretRedactor, made before Nest so the logger can use it too. */
@Global()
@Module({})
export class SecretsModule {
  static register(secrets: SecretRedactor): DynamicModule {
    return {
      module: SecretsModule,
      providers: [{ provide: SecretRedactor, useValue: secrets }],
      exports: [SecretRedactor],
    };
  }
}
