import { Injectable } from '@nestjs/common';

/**
 * Whether the gateway is shutting down. `draining`: readiness fails so load balancers stop sending;
 * requests are still served. `closing`: new requests get a contract 503 while in-flight ones finish.
 */
@Injectable()
export class DrainState {
  draining = false;
  closing = false;
}
