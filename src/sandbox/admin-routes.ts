import type { IncomingMessage, ServerResponse } from 'node:http';
import { validateFaultRule } from './fault-rule-validation.js';
import { readBody } from './http-body.js';
import { SandboxHttpError, badRequest, notFound } from './http-error.js';
import { validateNotificationSettings } from './notifications/notification-settings.js';
import { Router } from './http-router.js';
import type { SandboxState } from './sandbox-state.js';

export const ADMIN_PREFIX = '/__sandbox';

interface AdminCall {
  state: SandboxState;
  request: IncomingMessage;
  params: Record<string, string>;
}

/** JSON to answer with, or undefined for 204. */
type AdminHandler = (call: AdminCall) => unknown;

const adminRouter = new Router<AdminHandler>()
  .add('GET', '/counters', ({ state }) => state.counters.snapshot())
  .add('POST', '/counters/reset', ({ state }) => state.counters.reset())
  .add('GET', '/faults', ({ state }) => state.faults.list())
  .add('POST', '/faults', async ({ state, request }) => ({
    id: state.faults.add(validateFaultRule(await readJson(request))),
  }))
  .add('DELETE', '/faults', ({ state }) => state.faults.clear())
  .add('DELETE', '/faults/{id}', ({ state, params }) => state.faults.remove(params.id ?? ''))
  .add('GET', '/requests', ({ state }) => state.log.list())
  .add('DELETE', '/requests', ({ state }) => state.log.clear())
  .add('POST', '/latency', async ({ state, request }) => {
    const { ms } = await readJson(request);
    if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0) {
      throw badRequest('latency needs {"ms": <non-negative number>}');
    }
    state.latencyMs = ms;
  })
  .add('POST', '/instances/{id}/rotate-token', ({ state, params }) => ({
    token: state.instances.rotateToken(knownInstance(state, params.id)),
  }))
  .add('POST', '/instances/{id}/disabled', async ({ state, request, params }) => {
    const { disabled } = await readJson(request);
    if (typeof disabled !== 'boolean') {
      throw badRequest('disabled needs {"disabled": true|false}');
    }
    state.instances.get(knownInstance(state, params.id)).disabled = disabled;
  })
  .add('GET', '/instances/{id}/events', ({ state, params }) => {
    const settings = state.notifications.of(knownInstance(state, params.id)).configuration;
    return { enabled: settings !== undefined, callbackUrl: settings?.callbackUrl ?? null };
  })
  .add('PUT', '/instances/{id}/events', async ({ state, request, params }) => {
    const id = knownInstance(state, params.id);
    const body = await readJson(request);
    try {
      state.notifications.of(id).configure(validateNotificationSettings(body));
    } catch (error) {
      throw badRequest(error instanceof Error ? error.message : String(error));
    }
  })
  .add('DELETE', '/instances/{id}/events', ({ state, params }) => {
    state.notifications.of(knownInstance(state, params.id)).configure(undefined);
  })
  .add('GET', '/instances/{id}/events/deliveries', ({ state, params }) =>
    state.notifications.of(knownInstance(state, params.id)).deliveries(),
  );

/** Loopback control API for tests and benchmarks: no auth, not counted, not faulted. */
export async function handleAdminRequest(
  state: SandboxState,
  request: IncomingMessage,
  response: ServerResponse,
  requestId: string,
  path: string,
): Promise<void> {
  try {
    const match = adminRouter.match(request.method ?? 'GET', path.slice(ADMIN_PREFIX.length));
    if (match.kind === 'not-found') {
      throw notFound(`No sandbox admin resource at ${path}`);
    }
    if (match.kind === 'method-not-allowed') {
      throw new SandboxHttpError(405, 'Method not allowed', { Allow: match.allow.join(', ') });
    }
    const result: unknown = await match.handler({ state, request, params: match.params });
    if (result === undefined) {
      response.writeHead(204).end();
    } else {
      writeJson(response, 200, result);
    }
  } catch (error) {
    const status = error instanceof SandboxHttpError ? error.status : 500;
    writeJson(response, status, {
      requestId,
      message: error instanceof Error ? error.message : String(error),
    });
  }
}

function writeJson(response: ServerResponse, status: number, body: unknown): void {
  const payload = JSON.stringify(body);
  response.writeHead(status, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(payload),
  });
  response.end(payload);
}

async function readJson(request: IncomingMessage): Promise<Record<string, unknown>> {
  const text = (await readBody(request, 1024 * 1024)).toString('utf8');
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) {
      return parsed as Record<string, unknown>;
    }
  } catch {
    // answered below
  }
  throw badRequest('The admin API expects a JSON object body');
}

function knownInstance(state: SandboxState, id: string | undefined): string {
  if (id === undefined || !state.instances.find(id)) {
    throw notFound(`No sandbox instance with id ${id ?? ''}`);
  }
  return id;
}
