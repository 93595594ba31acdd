import type { NativeRecord } from './native-records.js';

/** Keeps a record's derived fields (change time, ETag, code texts) right after every change. */
export type ChangeHook<T> = (record: T) => void;

/**
 * The records of one resource, in insertion order. `get` and `list` hand out copies so a test
 * cannot change data by accident; `update` is the way to change a record "directly in SAP".
 */
export class RecordCollection<T extends NativeRecord> {
  private readonly records = new Map<string, T>();

  constructor(private readonly onChange: ChangeHook<T> = () => undefined) {}

  get size(): number {
    return this.records.size;
  }

  get(id: string): T | undefined {
    const record = this.records.get(id);
    return record ? structuredClone(record) : undefined;
  }

  has(id: string): boolean {
    return this.records.has(id);
  }

  list(): T[] {
    return [...this.records.values()].map((record) => structuredClone(record));
  }

  /** Live records for the sandbox's own read paths, which serialize without mutating. */
  values(): Iterable<Readonly<T>> {
    return this.records.values();
  }

  peek(id: string): Readonly<T> | undefined {
    return this.records.get(id);
  }

  insert(record: T): T {
    this.records.set(record.ObjectID, record);
    return structuredClone(record);
  }

  /** Merges the changes, then refreshes derived fields (ChangedOn, ETag, …). */
  update(id: string, changes: Partial<T>): T | undefined {
    const record = this.records.get(id);
    if (!record) {
      return undefined;
    }
    Object.assign(record, changes);
    this.onChange(record);
    return structuredClone(record);
  }

  delete(id: string): boolean {
    return this.records.delete(id);
  }

  deleteWhere(test: (record: Readonly<T>) => boolean): number {
    let deleted = 0;
    for (const [id, record] of this.records) {
      if (test(record)) {
        this.records.delete(id);
        deleted++;
      }
    }
    return deleted;
  }
}
