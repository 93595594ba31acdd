import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ApiKeyAuthenticator } from './api-key.authenticator.js';
import { CallerGuard } from './caller.guard.js';

@Module({
  providers: [ApiKeyAuthenticator, { provide: APP_GUARD, useClass: CallerGuard }],
})
export class AuthModule {}
