import { ConfigValidationError } from './config-validation.error.js';
import { parseJsonVariable } from './json-variable.js';
import type { TenantConfig } from './gateway-config.js';

export const TENANT_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
const INSTANCE_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** Parses `CE_TENANTS`: `{ "<tenant>": { "instanceId": "…" } | { "elementToken": "…" } }`. */
export function parseTenants(value: string): Map<string, TenantConfig> {
  const parsed = parseJsonVariable('CE_TENANTS', value);
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ConfigValidationError(['CE_TENANTS: must be a JSON object of tenant id → settings']);
  }
  const problems: string[] = [];
  const tenants = new Map<string, TenantConfig>();
  for (const [id, settings] of Object.entries(parsed)) {
    const where = `CE_TENANTS.${id}`;
    if (!TENANT_ID_PATTERN.test(id)) {
      problems.push(`${where}: tenant id must be 1-64 characters of A-Z a-z 0-9 _ . - `);
      continue;
    }
    const tenant = parseTenant(where, id, settings, problems);
    if (tenant) {
      tenants.set(id, tenant);
    }
  }
  if (tenants.size === 0 && problems.length === 0) {
    problems.push('CE_TENANTS: must name at least one tenant');
  }
  if (problems.length > 0) {
    throw new ConfigValidationError(problems);
  }
  return tenants;
}

function parseTenant(
  where: string,
  id: string,
  settings: unknown,
  problems: string[],
): TenantConfig | undefined {
  if (typeof settings !== 'object' || settings === null || Array.isArray(settings)) {
    problems.push(`${where}: must be an object with instanceId or elementToken`);
    return undefined;
  }
  const { instanceId, elementToken, ...rest } = settings as Record<string, unknown>;
  const unknownKeys = Object.keys(rest);
  if (unknownKeys.length > 0) {
    problems.push(`${where}: unknown setting(s) ${unknownKeys.join(', ')}`);
  }
  if ((instanceId === undefined) === (elementToken === undefined)) {
    problems.push(`${where}: needs exactly one of instanceId or elementToken`);
    return undefined;
  }
  if (instanceId !== undefined) {
    const asText = typeof instanceId === 'number' ? String(instanceId) : instanceId;
    if (typeof asText !== 'string' || !INSTANCE_ID_PATTERN.test(asText)) {
      problems.push(`${where}.instanceId: must be 1-64 characters of A-Z a-z 0-9 _ -`);
      return undefined;
    }
    return { id, instanceId: asText };
  }
  if (typeof elementToken !== 'string' || elementToken.trim().length < 8) {
    problems.push(`${where}.elementToken: must be a string of at least 8 characters`);
    return undefined;
  }
  return { id, elementToken };
}
