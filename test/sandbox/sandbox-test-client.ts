import {
  startSandbox,
  type IncidentRecord,
  type Sandbox,
  type SandboxOptions,
} from '../../src/sandbox/sandbox.js';

export const ORG_SECRET = 'sandbox-org-secret-1';
export const USER_SECRET = 'sandbox-user-secret-1';

export function startTestSandbox(overrides: Partial<SandboxOptions> = {}): Promise<Sandbox> {
  return startSandbox({
    port: 0,
    orgSecret: ORG_SECRET,
    userSecret: USER_SECRET,
    instances: [{ id: '1001' }, { id: '1002' }],
    ...overrides,
  });
}

export function authHeader(sandbox: Sandbox, instanceId = '1001'): string {
  return `User ${USER_SECRET}, Organization ${ORG_SECRET}, Element ${sandbox.tokenOf(instanceId)}`;
}

export interface HubInit extends RequestInit {
  instanceId?: string;
  /** Replaces the Authorization header; null sends none. */
  auth?: string | null;
  json?: unknown;
}

/** fetch against /hubs/helpdesk with the instance's full Authorization header. */
export function hub(sandbox: Sandbox, path: string, init: HubInit = {}): Promise<Response> {
  const { instanceId, auth, json, headers, ...rest } = init;
  const merged = new Headers(headers);
  const authorization = auth === undefined ? authHeader(sandbox, instanceId) : auth;
  if (authorization !== null) {
    merged.set('authorization', authorization);
  }
  if (json !== undefined) {
    merged.set('content-type', 'application/json');
  }
  return fetch(`${sandbox.url}/hubs/helpdesk${path}`, {
    ...rest,
    headers: merged,
    ...(json !== undefined && { body: JSON.stringify(json) }),
  });
}

export function adminUrl(sandbox: Sandbox, path: string): string {
  return `${sandbox.url.replace('/elements/api-v2', '')}/__sandbox${path}`;
}

export async function body<T = Record<string, unknown>>(response: Response): Promise<T> {
  return (await response.json()) as T;
}

/** An incident as the hub returns it: navigations deferred, or arrays with `expand`. */
export type IncidentView = IncidentRecord & {
  ServiceRequestDescription: unknown;
  ServiceRequestAttachmentFolder: unknown;
};
