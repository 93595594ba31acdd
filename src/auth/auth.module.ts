import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { SecurityModule } from '../security/security.module.js';
import { ApiKeyAuthenticator } from './api-key.authenticator.js';
import { CallerAuthentication } from './caller-authentication.service.js';
import { CallerGuard } from './caller.guard.js';
import { JwtAuthenticator } from './jwt.authenticator.js';

@Module({
  imports: [SecurityModule],
  providers: [
    ApiKeyAuthenticator,
    JwtAuthenticator,
    CallerAuthentication,
    { provide: APP_GUARD, useClass: CallerGuard },
  ],
  exports: [CallerAuthentication],
})
export class AuthModule {}
