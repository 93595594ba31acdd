import type { NativeRecord } from './native-records.js';

/** Keeps a record's derived fields (change time, ETag, code texts) right after every change. */
export type ChangeHook<T> = (record: T) => void;

export type RecordChangeKind = 'created' | 'updated' | 'deleted';

/** Told of every insert, update and delete after it happened (the sandbox's event notifications). */
export type RecordWatcher<T> = (kind: RecordChangeKind, record: Readonly<T>) => void;

/**
 * The records of one resource, in insertion order. `get` and `list` hand out copies so a test
 * cannot change data by accident; `update` is the way to change a record "directly in SAP".
 */
export class RecordCollection<T extends NativeRecord> {
  private readonly records = new Map<string, T>();
  private readonly watchers = new Set<RecordWatcher<T>>();

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
    this.notify('created', record);
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
    this.notify('updated', record);
    return structuredClone(record);
  }

  delete(id: string): boolean {
    const record = this.records.get(id);
    if (!record) {
      return false;
    }
    this.records.delete(id);
    this.notify('deleted', record);
    return true;
  }

  deleteWhere(test: (record: Readonly<T>) => boolean): number {
    let deleted = 0;
    for (const [id, record] of this.records) {
      if (test(record)) {
        this.records.delete(id);
        this.notify('deleted', record);
        deleted++;
      }
    }
    return deleted;
  }

  /** Watches changes from now on; returns the function that stops watching. */
  watch(watcher: RecordWatcher<T>): () => void {
    this.watchers.add(watcher);
    return () => this.watchers.delete(watcher);
  }

  private notify(kind: RecordChangeKind, record: Readonly<T>): void {
    for (const watcher of this.watchers) {
      watcher(kind, record);
    }
  }
}
