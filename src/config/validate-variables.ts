import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { decisiveMessages } from '../core/validation/validation-pipe.js';
import { ConfigValidationError } from './config-validation.error.js';
import type { Environment } from './load-config.js';

/** Variables whose values never appear in an error message. */
const HIDDEN_VALUE = /SECRET|TOKEN|CLIENTS|TENANTS/;

/**
 * Reads the variables a schema class declares (plus `optional` ones without a default) from the
 * environment, applies its defaults and transforms, and validates them. Throws one
 * ConfigValidationError naming every bad variable; secrets are named, never shown.
 */
export function validateVariables<T extends object>(
  Schema: new () => T,
  environment: Environment,
  optional: readonly string[],
): T {
  const names = new Set([...Object.keys(new Schema()), ...optional]);
  const known = Object.fromEntries(
    Object.entries(environment).filter(([key, value]) => names.has(key) && value !== undefined),
  );
  const env = plainToInstance(Schema, known, { exposeDefaultValues: true });
  const errors = validateSync(env, { skipMissingProperties: false, forbidUnknownValues: true });
  if (errors.length > 0) {
    throw new ConfigValidationError(errors.map(describe));
  }
  return env;
}

/** `scheme://user:password@host` → `scheme://[redacted]@host`: a URL's credentials are secrets too. */
const URL_CREDENTIALS = /(\/\/)[^/@\s]*@/g;

function describe(error: ValidationError): string {
  const value = String(error.value).replace(URL_CREDENTIALS, '$1[redacted]@');
  const shown = HIDDEN_VALUE.test(error.property) ? '' : ` (got "${value}")`;
  const messages = decisiveMessages(error.constraints ?? {}).map((message) =>
    message.startsWith(`${error.property} `) ? message.slice(error.property.length + 1) : message,
  );
  return `${error.property}: ${messages.join('; ')}${shown}`;
}
