import { badRequest } from './http-error.js';
import { pathRegex, type FaultRule } from './faults.js';

const FIELD_TYPES: Record<keyof FaultRule, 'string' | 'number' | 'boolean' | 'body' | 'headers'> = {
  method: 'string',
  path: 'string',
  instanceId: 'string',
  status: 'number',
  body: 'body',
  headers: 'headers',
  latencyMs: 'number',
  hang: 'boolean',
  reset: 'boolean',
  rate: 'number',
  times: 'number',
  seed: 'number',
};

/** Checks a fault rule posted to the admin API. */
export function validateFaultRule(input: unknown): FaultRule {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    throw badRequest('A fault rule must be a JSON object');
  }
  for (const [key, value] of Object.entries(input)) {
    const type = FIELD_TYPES[key as keyof FaultRule] as string | undefined;
    if (!type) {
      throw badRequest(`Unknown fault rule field '${key}'`);
    }
    if (!hasType(value, type)) {
      throw badRequest(`Fault rule field '${key}' has the wrong type`);
    }
  }
  const rule = input as FaultRule;
  if (
    rule.status !== undefined &&
    (!Number.isInteger(rule.status) || rule.status < 100 || rule.status > 599)
  ) {
    throw badRequest('Fault rule status must be an HTTP status code');
  }
  if (rule.rate !== undefined && (rule.rate < 0 || rule.rate > 1)) {
    throw badRequest('Fault rule rate must be between 0 and 1');
  }
  if (rule.path !== undefined) {
    try {
      pathRegex(rule.path);
    } catch {
      throw badRequest('Fault rule path is not a valid regular expression');
    }
  }
  return rule;
}

function hasType(value: unknown, type: string): boolean {
  switch (type) {
    case 'body':
      return typeof value === 'string' || (value !== null && typeof value === 'object');
    case 'headers':
      return (
        value !== null &&
        typeof value === 'object' &&
        !Array.isArray(value) &&
        Object.values(value).every((header) => typeof header === 'string')
      );
    default:
      return typeof value === type;
  }
}
