import { createHash } from 'node:crypto';
import { ConfigValidationError } from './config-validation.error.js';
import { parseJsonVariable } from './json-variable.js';
import type { ClientConfig, Scope } from './gateway-config.js';

const SCOPES: readonly Scope[] = ['helpdesk:read', 'helpdesk:write'];
const CLIENT_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/;
const SHA256_HEX = /^[0-9a-fA-F]{64}$/;
const KNOWN_KEYS = new Set(['id', 'apiKey', 'apiKeySha256', 'tenants', 'scopes', 'internal']);

export const DEV_CLIENT_KEY = 'dev-key';

export function sha256(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/**
 * Parses `GATEWAY_CLIENTS`. Only SHA-256 digests of keys are kept in memory. `apiKey` and
 * `apiKeySha256` each take a string or a list, so a key is rotated by listing old and new.
 */
export function parseClients(value: string, tenantIds: ReadonlySet<string>): ClientConfig[] {
  const parsed = parseJsonVariable('GATEWAY_CLIENTS', value);
  if (!Array.isArray(parsed)) {
    throw new ConfigValidationError(['GATEWAY_CLIENTS: must be a JSON array of clients']);
  }
  const problems: string[] = [];
  const clients = parsed.flatMap((entry: unknown, index) => {
    const client = parseClient(`GATEWAY_CLIENTS[${index}]`, entry, tenantIds, problems);
    return client ? [client] : [];
  });
  const ids = clients.map((c) => c.id);
  const duplicate = ids.find((id, i) => ids.indexOf(id) !== i);
  if (duplicate) {
    problems.push(`GATEWAY_CLIENTS: client id ${duplicate} is listed twice`);
  }
  const digests = clients.flatMap((c) => c.keyDigests.map((d) => d.toString('hex')));
  if (new Set(digests).size !== digests.length) {
    problems.push('GATEWAY_CLIENTS: the same API key is given to more than one client');
  }
  if (problems.length > 0) {
    throw new ConfigValidationError(problems);
  }
  return clients;
}

export function devClient(tenantId: string): ClientConfig {
  return {
    id: 'dev',
    keyDigests: [sha256(DEV_CLIENT_KEY)],
    tenants: [tenantId],
    scopes: [...SCOPES],
    internal: true,
  };
}

function parseClient(
  where: string,
  entry: unknown,
  tenantIds: ReadonlySet<string>,
  problems: string[],
): ClientConfig | undefined {
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
    problems.push(`${where}: must be an object`);
    return undefined;
  }
  const raw = entry as Record<string, unknown>;
  const before = problems.length;
  const unknownKeys = Object.keys(raw).filter((k) => !KNOWN_KEYS.has(k));
  if (unknownKeys.length > 0) {
    problems.push(`${where}: unknown setting(s) ${unknownKeys.join(', ')}`);
  }
  const id = raw.id;
  if (typeof id !== 'string' || !CLIENT_ID_PATTERN.test(id)) {
    problems.push(`${where}.id: must be 1-64 characters of A-Z a-z 0-9 _ . : -`);
  }
  const plainKeys = stringList(raw.apiKey);
  const hashedKeys = stringList(raw.apiKeySha256);
  if (plainKeys === undefined || plainKeys.some((k) => k.length < 16)) {
    problems.push(`${where}.apiKey: must be a string or list of strings of at least 16 characters`);
  }
  if (hashedKeys === undefined || hashedKeys.some((k) => !SHA256_HEX.test(k))) {
    problems.push(`${where}.apiKeySha256: must be a 64-character hex digest or a list of them`);
  }
  if ((plainKeys?.length ?? 0) + (hashedKeys?.length ?? 0) === 0) {
    problems.push(`${where}: needs apiKey or apiKeySha256`);
  }
  const tenants = stringList(raw.tenants);
  if (!tenants || tenants.length === 0) {
    problems.push(`${where}.tenants: must be a non-empty list of tenant ids`);
  } else {
    const unknownTenants = tenants.filter((t) => !tenantIds.has(t));
    if (unknownTenants.length > 0) {
      problems.push(`${where}.tenants: not in CE_TENANTS: ${unknownTenants.join(', ')}`);
    }
  }
  const scopes = stringList(raw.scopes);
  if (!scopes || scopes.length === 0 || scopes.some((s) => !SCOPES.includes(s as Scope))) {
    problems.push(`${where}.scopes: must list one or both of ${SCOPES.join(', ')}`);
  }
  if (raw.internal !== undefined && typeof raw.internal !== 'boolean') {
    problems.push(`${where}.internal: must be true or false`);
  }
  if (problems.length > before) {
    return undefined;
  }
  return {
    id: id as string,
    keyDigests: [
      ...(plainKeys ?? []).map(sha256),
      ...(hashedKeys ?? []).map((h) => Buffer.from(h, 'hex')),
    ],
    tenants: tenants as string[],
    scopes: scopes as Scope[],
    internal: raw.internal === true,
  };
}

function stringList(value: unknown): string[] | undefined {
  if (value === undefined) {
    return [];
  }
  if (typeof value === 'string') {
    return [value];
  }
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) {
    return value;
  }
  return undefined;
}
