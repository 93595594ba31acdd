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

  /**
   * Callers already authenticated, by the key they presented. Only configured keys get in, so it
   * is as small as the configuration. Looking a key up here tells an attacker nothing about keys
   * they have not presented (V8 seeds its string hashes per process); a miss is then checked in
   * constant time below.
   */
  private readonly known = new Map<string, Caller>();

  authenticate(apiKey: string): Caller | undefined {
    const known = this.known.get(apiKey);
    if (known) {
      return known;
    }
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
    const caller: Caller = Object.freeze({
      id: match.id,
      kind: 'api-key',
      tenants: match.tenants,
      scopes: match.scopes,
      internal: match.internal,
    });
    this.known.set(apiKey, caller);
    return caller;
  }
}
