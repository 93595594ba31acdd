import { Inject, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { hash, timingSafeEqual } from 'node:crypto';
import type { ClientConfig, GatewayConfig } from '../config/gateway-config.js';
import type { Caller } from '../core/http/request-context.js';

/** Matches an X-Api-Key against every configured key digest in constant time. */
@Injectable()
export class ApiKeyAuthenticator {
  private readonly clients: ClientConfig[];

  constructor(@Inject(ConfigService) config: ConfigService<GatewayConfig, true>) {
    this.clients = config.get('auth', { infer: true }).clients;
  }

  authenticate(apiKey: string): Caller | undefined {
    const digest = hash('sha256', apiKey, 'buffer');
    let match: ClientConfig | undefined;
    // No early exit: every digest is compared so timing does not reveal which client matched.
    for (const client of this.clients) {
      for (const known of client.keyDigests) {
        if (timingSafeEqual(known, digest)) {
          match = client;
        }
      }
    }
    if (!match) {
      return undefined;
    }
    return {
      id: match.id,
      kind: 'api-key',
      tenants: match.tenants,
      scopes: match.scopes,
      internal: match.internal,
    };
  }
}
