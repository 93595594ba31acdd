import { newElementToken } from './ids.js';
import { seedInstanceStore, type SeedCounts } from './seed/seed-instance.js';
import type { InstanceStore } from './store/instance-store.js';

export interface InstanceSettings {
  id: string;
  token?: string;
  seed?: number;
  disabled?: boolean;
  counts?: SeedCounts;
}

export interface SandboxInstance {
  readonly id: string;
  token: string;
  disabled: boolean;
  readonly createdDate: string;
  readonly store: InstanceStore;
}

/** The Cloud Elements instances the sandbox serves, found by id or by element token. */
export class InstanceRegistry {
  private readonly byId = new Map<string, SandboxInstance>();
  private readonly byToken = new Map<string, SandboxInstance>();

  constructor(settings: readonly InstanceSettings[]) {
    for (const setting of settings) {
      if (this.byId.has(setting.id)) {
        throw new Error(`Duplicate sandbox instance id ${setting.id}`);
      }
      const instance: SandboxInstance = {
        id: setting.id,
        token: setting.token ?? newElementToken(),
        disabled: setting.disabled ?? false,
        createdDate: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
        store: seedInstanceStore(setting.id, setting.seed, setting.counts),
      };
      this.byId.set(instance.id, instance);
      this.byToken.set(instance.token, instance);
    }
  }

  ids(): string[] {
    return [...this.byId.keys()];
  }

  find(id: string): SandboxInstance | undefined {
    return this.byId.get(id);
  }

  findByToken(token: string | undefined): SandboxInstance | undefined {
    return token === undefined ? undefined : this.byToken.get(token);
  }

  get(id: string): SandboxInstance {
    const instance = this.byId.get(id);
    if (!instance) {
      throw new Error(`No sandbox instance with id ${id}`);
    }
    return instance;
  }

  rotateToken(id: string): string {
    const instance = this.get(id);
    this.byToken.delete(instance.token);
    instance.token = newElementToken();
    this.byToken.set(instance.token, instance);
    return instance.token;
  }
}
