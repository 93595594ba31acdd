import type { InstanceStore } from '../store/instance-store.js';
import type { NativeRecord } from '../store/native-records.js';
import type { RecordCollection } from '../store/record-collection.js';
import type { ResourceSchema } from './resource-schema.js';
import type { JsonObject } from './write-validation.js';

/** What the generic list/CRUD routes need to know about a top-level hub resource. */
export interface RecordResource<T extends NativeRecord> {
  /** Path segment under the hub, e.g. `incidents`. */
  path: string;
  schema: ResourceSchema;
  collection(store: InstanceStore): RecordCollection<T>;
  create(store: InstanceStore, body: JsonObject): T;
  /** Applies a PATCH; the record is known to exist. */
  update(store: InstanceStore, id: string, body: JsonObject): T;
  remove(store: InstanceStore, id: string): void;
  /** Navigation properties `expand` may inline; others are rejected. */
  expandable?: readonly string[];
  /** The response shape of a record, e.g. with deferred navigations. */
  view?(store: InstanceStore, record: Readonly<T>, expand: ReadonlySet<string>): unknown;
}

/** Resources are only asked to update records the route has already found. */
export function existing<T>(record: T | undefined): T {
  if (record === undefined) {
    throw new Error('record vanished during the request');
  }
  return record;
}
