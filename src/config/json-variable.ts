import { readFileSync } from 'node:fs';
import { ConfigValidationError } from './config-validation.error.js';

/** Reads a variable holding JSON, or `@<path>` naming a JSON file. */
export function parseJsonVariable(name: string, value: string): unknown {
  let text = value;
  if (value.startsWith('@')) {
    const path = value.slice(1);
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code ?? 'unreadable';
      throw new ConfigValidationError([`${name}: cannot read file ${path} (${reason})`]);
    }
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ConfigValidationError([`${name}: is not valid JSON`]);
  }
}
