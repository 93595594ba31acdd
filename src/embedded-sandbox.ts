import { randomBytes } from 'node:crypto';
import type { Environment } from './config/load-config.js';
import { parseTenants } from './config/tenants.config.js';
import { startSandbox, type Sandbox } from './sandbox/sandbox.js';

export interface EmbeddedSandbox {
  sandbox: Sandbox;
  /** Variables that point the gateway at the sandbox. */
  env: Environment;
}

const DEMO_TENANTS = JSON.stringify({ demo: { instanceId: '1001' } });

/**
 * With no CE_BASE_URL outside production, starts the built-in Cloud Elements sandbox on a free
 * loopback port, with one instance per configured tenant (tenant `demo` by default).
 */
export async function startEmbeddedSandbox(env: Environment): Promise<EmbeddedSandbox | undefined> {
  if (env.CE_BASE_URL || env.NODE_ENV === 'production') {
    return undefined;
  }
  const orgSecret = env.CE_ORG_SECRET || randomBytes(18).toString('base64url');
  const userSecret = env.CE_USER_SECRET || randomBytes(18).toString('base64url');
  const tenantsJson = env.CE_TENANTS || DEMO_TENANTS;
  const instanceIds = [...parseTenants(tenantsJson).values()].flatMap((t) =>
    t.instanceId ? [t.instanceId] : [],
  );
  const sandbox = await startSandbox({
    host: '127.0.0.1',
    port: 0,
    orgSecret,
    userSecret,
    instances: instanceIds.map((id) => ({ id })),
  });
  return {
    sandbox,
    env: {
      CE_BASE_URL: sandbox.url,
      CE_ORG_SECRET: orgSecret,
      CE_USER_SECRET: userSecret,
      CE_TENANTS: tenantsJson,
    },
  };
}
