import type { Exchange } from './exchange.js';
import type { FaultRule } from './faults.js';
import type { SandboxState } from './sandbox-state.js';

/**
 * Applies the first fault rule that fires for this call. Returns true when the fault took the
 * request over (answered, reset or left hanging), false when normal handling should go on.
 */
export async function applyFault(state: SandboxState, exchange: Exchange): Promise<boolean> {
  const rule = state.faults.fire({
    method: exchange.method,
    path: exchange.path,
    instanceId: exchange.instanceId,
  });
  if (!rule) {
    return false;
  }
  if (rule.latencyMs !== undefined) {
    await state.delays.wait(rule.latencyMs);
  }
  if (rule.reset) {
    exchange.resetConnection();
    return true;
  }
  if (rule.hang) {
    return true;
  }
  if (rule.status === undefined) {
    return false;
  }
  sendFault(exchange, rule, rule.status);
  return true;
}

function sendFault(exchange: Exchange, rule: FaultRule, status: number): void {
  const headers = { ...rule.headers };
  const hasContentType = Object.keys(headers).some((name) => name.toLowerCase() === 'content-type');
  if (rule.body === undefined) {
    const message = `Injected fault: HTTP ${status}`;
    exchange.sendJson(status, { requestId: exchange.requestId, message }, headers);
  } else if (typeof rule.body === 'string') {
    if (!hasContentType && rule.body !== '') {
      headers['Content-Type'] = rule.body.trimStart().startsWith('<')
        ? 'text/html; charset=utf-8'
        : 'text/plain; charset=utf-8';
    }
    exchange.sendRaw(status, rule.body, headers);
  } else {
    exchange.sendJson(status, rule.body, headers);
  }
}
