import type { PlatformSecrets } from './auth.js';
import type { CounterSet } from './counters.js';
import type { Delays } from './delays.js';
import type { FaultRegistry } from './faults.js';
import type { Router } from './http-router.js';
import type { InstanceRegistry } from './instances.js';
import type { Notifications } from './notifications/notifications.js';
import type { RequestLog } from './request-log.js';
import type { HubHandler, HubSettings } from './routes/hub-context.js';

/** Everything one running sandbox shares between its request handlers. */
export interface SandboxState {
  secrets: PlatformSecrets;
  instances: InstanceRegistry;
  faults: FaultRegistry;
  counters: CounterSet;
  log: RequestLog;
  delays: Delays;
  /** Base latency added to every hub call. */
  latencyMs: number;
  hub: HubSettings;
  hubRouter: Router<HubHandler>;
  /** Event notifications to a callback URL, per instance. */
  notifications: Notifications;
}
