import type { Environment } from './load-config.js';

/** The one place that reads the process environment; everything else gets a copy. */
export function readProcessEnvironment(): Environment {
  return { ...process.env };
}
