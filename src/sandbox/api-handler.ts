import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  parseAuthorization,
  requireSecrets,
  type AuthorizationParts,
  INVALID_CREDENTIALS_MESSAGE,
} from './auth.js';
import { Exchange } from './exchange.js';
import { applyFault } from './fault-response.js';
import { SandboxHttpError, notFound } from './http-error.js';
import type { RouteMatch } from './http-router.js';
import { viewInstance } from './instance-view.js';
import type { SandboxInstance } from './instances.js';
import type { HubHandler } from './routes/hub-context.js';
import type { SandboxState } from './sandbox-state.js';

export const API_PREFIX = '/elements/api-v2';
const HUB_PATH = /^\/hubs\/[^/]+(\/.*)$/;
const INSTANCE_PATH = /^\/instances\/([^/]+)\/?$/;

/** Counted calls: hub resources and GET /instances/{id}, each with faults, auth and the request log. */
export async function handleApiRequest(
  state: SandboxState,
  request: IncomingMessage,
  response: ServerResponse,
  requestId: string,
  url: URL,
): Promise<void> {
  const inApi = url.pathname.startsWith(`${API_PREFIX}/`);
  const path = inApi ? url.pathname.slice(API_PREFIX.length) : url.pathname;
  const exchange = new Exchange(requestId, request, response, path, url.searchParams, state);
  try {
    const auth = parseAuthorization(request.headers.authorization);
    const hubPath = inApi ? HUB_PATH.exec(path)?.[1] : undefined;
    const instancePath = inApi ? INSTANCE_PATH.exec(path)?.[1] : undefined;
    if (hubPath !== undefined) {
      await handleHubCall(state, exchange, auth, hubPath);
    } else if (instancePath !== undefined) {
      await handleInstanceLookup(state, exchange, auth, safeDecode(instancePath));
    } else {
      throw notFound(`No resource found at ${path}`);
    }
  } catch (error) {
    exchange.sendError(error);
  }
}

async function handleHubCall(
  state: SandboxState,
  exchange: Exchange,
  auth: AuthorizationParts,
  hubPath: string,
): Promise<void> {
  const tokenInstance = state.instances.findByToken(auth.element);
  exchange.instanceId = tokenInstance?.id;
  const match = state.hubRouter.match(exchange.method, hubPath);
  if (match.kind !== 'not-found') {
    exchange.routeTemplate = `/hubs/helpdesk${match.template}`;
  }
  if (await applyFault(state, exchange)) {
    return;
  }
  await state.delays.wait(state.latencyMs);
  const instance = authenticateHubCall(state, auth, tokenInstance);
  exchange.response.setHeader('Elements-Element-Instance-Id', instance.id);
  const handler = routeHandler(match, hubPath);
  const result = await handler({
    instance,
    store: instance.store,
    params: match.kind === 'found' ? match.params : {},
    exchange,
    settings: state.hub,
  });
  if (result.body === undefined) {
    exchange.sendEmpty(result.status ?? 200, result.headers);
  } else {
    exchange.sendJson(result.status ?? 200, result.body, result.headers);
  }
}

function authenticateHubCall(
  state: SandboxState,
  auth: AuthorizationParts,
  instance: SandboxInstance | undefined,
): SandboxInstance {
  requireSecrets(auth, state.secrets);
  if (!instance) {
    throw new SandboxHttpError(401, INVALID_CREDENTIALS_MESSAGE);
  }
  if (instance.disabled) {
    throw new SandboxHttpError(403, `Element instance ${instance.id} is disabled`);
  }
  return instance;
}

function routeHandler(match: RouteMatch<HubHandler>, hubPath: string): HubHandler {
  if (match.kind === 'found') {
    return match.handler;
  }
  if (match.kind === 'method-not-allowed') {
    throw new SandboxHttpError(405, 'Method not allowed', { Allow: match.allow.join(', ') });
  }
  throw notFound(`No resource found at /hubs/helpdesk${hubPath}`);
}

async function handleInstanceLookup(
  state: SandboxState,
  exchange: Exchange,
  auth: AuthorizationParts,
  instanceId: string,
): Promise<void> {
  exchange.routeTemplate = '/instances/{id}';
  exchange.instanceId = instanceId;
  if (await applyFault(state, exchange)) {
    return;
  }
  requireSecrets(auth, state.secrets);
  if (exchange.method !== 'GET') {
    throw new SandboxHttpError(405, 'Method not allowed', { Allow: 'GET' });
  }
  const instance = state.instances.find(instanceId);
  if (!instance) {
    throw notFound(`No instance found with ID ${instanceId}`);
  }
  exchange.sendJson(200, viewInstance(instance));
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
