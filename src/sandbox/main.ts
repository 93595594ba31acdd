import { startSandbox } from './sandbox.js';

function required(name: string): string {
  const value = process.env[name];
  if (!value) {
    process.stderr.write(`sandbox: ${name} is required\n`);
    process.exit(1);
  }
  return value;
}

function numberFrom(name: string, fallback: number): number {
  const text = process.env[name];
  const value = text === undefined || text === '' ? fallback : Number(text);
  if (!Number.isFinite(value) || value < 0) {
    process.stderr.write(`sandbox: ${name} must be a non-negative number\n`);
    process.exit(1);
  }
  return value;
}

const instanceIds = (process.env.SANDBOX_INSTANCES ?? '1001')
  .split(',')
  .map((id) => id.trim())
  .filter((id) => id !== '');

const sandbox = await startSandbox({
  host: process.env.SANDBOX_HOST || '127.0.0.1',
  port: numberFrom('SANDBOX_PORT', 4010),
  orgSecret: required('CE_ORG_SECRET'),
  userSecret: required('CE_USER_SECRET'),
  instances: instanceIds.map((id) => ({ id })),
  latencyMs: numberFrom('SANDBOX_LATENCY_MS', 0),
});

// Secrets and element tokens stay out of the log; tests read tokens via GET /instances/{id}.
process.stdout.write(
  `Cloud Elements sandbox listening at ${sandbox.url} with instances ${instanceIds.join(', ')}\n`,
);

let closing = false;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    if (!closing) {
      closing = true;
      void sandbox.close().then(() => process.exit(0));
    }
  });
}
