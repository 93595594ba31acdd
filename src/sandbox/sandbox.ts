import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ADMIN_PREFIX, handleAdminRequest } from './admin-routes.js';
import { API_PREFIX, handleApiRequest } from './api-handler.js';
import { CounterSet, type SandboxCounters } from './counters.js';
import { Delays } from './delays.js';
import { validateFaultRule } from './fault-rule-validation.js';
import { FaultRegistry, type FaultRule } from './faults.js';
import { newRequestId } from './ids.js';
import { InstanceRegistry } from './instances.js';
import type { DeliveryRecord } from './notifications/instance-notifier.js';
import {
  validateNotificationSettings,
  type NotificationSettings,
} from './notifications/notification-settings.js';
import { Notifications } from './notifications/notifications.js';
import { RequestLog, type RecordedRequest } from './request-log.js';
import { createHubRouter } from './routes/hub-routes.js';
import type { SandboxState } from './sandbox-state.js';
import type { InstanceStore } from './store/instance-store.js';

export type { FaultRule } from './faults.js';
export type { SandboxCounters } from './counters.js';
export type { RecordedRequest } from './request-log.js';
export type { InstanceStore } from './store/instance-store.js';
export type { DeliveryRecord } from './notifications/instance-notifier.js';
export type { NotificationSettings } from './notifications/notification-settings.js';
export type * from './store/native-records.js';

export interface SandboxInstanceOptions {
  id: string;
  token?: string;
  seed?: number;
  disabled?: boolean;
  /** Defaults 15 / 40 / 120. */
  counts?: { accounts?: number; contacts?: number; incidents?: number };
  /** Send signed event notifications of every change to a callback URL (off by default). */
  events?: NotificationSettings;
}

export interface SandboxOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0: a free port. */
  port?: number;
  orgSecret: string;
  userSecret: string;
  instances: SandboxInstanceOptions[];
  /** Base latency added to every hub call, default 0. */
  latencyMs?: number;
  /** Default and maximum list page size, default 200. */
  maxPageSize?: number;
  /** Largest attachment upload before 413, default 50 MiB. */
  maxUploadBytes?: number;
}

export interface Sandbox {
  /** The CE_BASE_URL for the gateway: `http://127.0.0.1:<port>/elements/api-v2`. */
  readonly url: string;
  readonly port: number;
  /** Closes the server and every socket (keep-alive and hanging ones too). */
  close(): Promise<void>;
  tokenOf(instanceId: string): string;
  /** A new element token; the old one now gets 401. */
  rotateToken(instanceId: string): string;
  /** A disabled instance answers hub calls with 403. */
  setDisabled(instanceId: string, disabled: boolean): void;
  setLatency(ms: number): void;
  faults: { add(rule: FaultRule): string; remove(id: string): void; clear(): void };
  counters: { snapshot(): SandboxCounters; reset(): void };
  requests: { list(): RecordedRequest[]; clear(): void };
  /** The instance's native C4C records, to read or change "directly in SAP". */
  store(instanceId: string): InstanceStore;
  /** Event notifications: where each instance sends them, and what was delivered. */
  notifications: {
    /** Turns an instance's notifications on (or re-points them); undefined turns them off. */
    configure(instanceId: string, settings: NotificationSettings | undefined): void;
    deliveries(instanceId: string): DeliveryRecord[];
    /** Resolves once every change so far has been delivered or given up on. */
    idle(): Promise<void>;
  };
}

export async function startSandbox(options: SandboxOptions): Promise<Sandbox> {
  const instances = new InstanceRegistry(options.instances);
  const state: SandboxState = {
    secrets: { orgSecret: options.orgSecret, userSecret: options.userSecret },
    instances,
    faults: new FaultRegistry(),
    counters: new CounterSet(),
    log: new RequestLog(),
    delays: new Delays(),
    latencyMs: options.latencyMs ?? 0,
    hub: {
      maxPageSize: options.maxPageSize ?? 200,
      maxUploadBytes: options.maxUploadBytes ?? 50 * 1024 * 1024,
    },
    hubRouter: createHubRouter(),
    notifications: new Notifications(
      instances,
      new Map(options.instances.flatMap((i) => (i.events ? [[i.id, i.events] as const] : []))),
    ),
  };
  // Room for an 8 KiB where clause after percent-encoding, which Node's 16 KiB default lacks.
  const server = createServer({ maxHeaderSize: 64 * 1024 }, (request, response) => {
    void dispatch(state, request, response);
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${urlHost(host)}:${port}${API_PREFIX}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        state.delays.releaseAll();
        state.notifications.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
    tokenOf: (id) => state.instances.get(id).token,
    rotateToken: (id) => state.instances.rotateToken(id),
    setDisabled: (id, disabled) => {
      state.instances.get(id).disabled = disabled;
    },
    setLatency: (ms) => {
      state.latencyMs = ms;
    },
    faults: {
      add: (rule) => state.faults.add(validateFaultRule(rule)),
      remove: (id) => state.faults.remove(id),
      clear: () => state.faults.clear(),
    },
    counters: { snapshot: () => state.counters.snapshot(), reset: () => state.counters.reset() },
    requests: { list: () => state.log.list(), clear: () => state.log.clear() },
    store: (id) => state.instances.get(id).store,
    notifications: {
      configure: (id, settings) =>
        state.notifications
          .of(id)
          .configure(settings ? validateNotificationSettings(settings) : undefined),
      deliveries: (id) => state.notifications.of(id).deliveries(),
      idle: () => state.notifications.idle(),
    },
  };
}

async function dispatch(
  state: SandboxState,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const requestId = newRequestId();
  response.setHeader('Elements-Request-Id', requestId);
  const url = parseRequestUrl(request.url);
  if (!url) {
    response.writeHead(400, { 'Content-Type': 'application/json' });
    response.end(JSON.stringify({ requestId, message: 'Invalid request target' }));
  } else if (url.pathname === ADMIN_PREFIX || url.pathname.startsWith(`${ADMIN_PREFIX}/`)) {
    await handleAdminRequest(state, request, response, requestId, url.pathname);
  } else {
    await handleApiRequest(state, request, response, requestId, url);
  }
}

function parseRequestUrl(target = '/'): URL | undefined {
  try {
    // Prefixing keeps a target like "//x" a path instead of a protocol-relative URL.
    return new URL(target.startsWith('/') ? `http://sandbox.invalid${target}` : target);
  } catch {
    return undefined;
  }
}

/** A wildcard bind address is reached through loopback. */
function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '::' || host === '') {
    return '127.0.0.1';
  }
  return host.includes(':') ? `[${host}]` : host;
}
