import { hashString, mulberry32 } from '../random.js';
import { InstanceStore } from '../store/instance-store.js';
import { seedIncidentChildren } from './seed-incident-children.js';
import { seedIncidents } from './seed-incidents.js';
import { seedAccounts, seedContacts } from './seed-parties.js';

export interface SeedCounts {
  accounts?: number;
  contacts?: number;
  incidents?: number;
}

/** Same instance id and seed give the same data on every run; another id gives other data. */
export function seedInstanceStore(
  instanceId: string,
  seed = 0,
  counts: SeedCounts = {},
): InstanceStore {
  const random = mulberry32(hashString(`${instanceId}:${seed}`));
  const store = new InstanceStore(random);
  seedAccounts(store, random, counts.accounts ?? 15);
  seedContacts(store, random, counts.contacts ?? 40);
  seedIncidents(store, random, counts.incidents ?? 120);
  seedIncidentChildren(store, random);
  return store;
}
