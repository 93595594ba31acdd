import type { InstanceStore } from '../store/instance-store.js';
import type { AccountRecord } from '../store/native-records.js';
import { existing, type RecordResource } from './record-resource.js';
import { defineSchema, readOnly, writable } from './resource-schema.js';
import { optionalString, validateWrite, type JsonObject } from './write-validation.js';

export const accountSchema = defineSchema(
  'account',
  {
    ObjectID: readOnly('string'),
    id: readOnly('string'),
    AccountID: readOnly('string'),
    AccountName: writable('string', true),
    Email: writable('string'),
    Phone: writable('string'),
    RoleCode: writable('string'),
    CreatedOn: readOnly('date'),
    ChangedOn: readOnly('date'),
    ETag: readOnly('string'),
  },
  { defaultOrder: ['CreatedOn', 'ObjectID'] },
);

export const accountResource: RecordResource<AccountRecord> = {
  path: 'accounts',
  schema: accountSchema,
  collection: (store) => store.accounts,
  create(store: InstanceStore, body: JsonObject): AccountRecord {
    const values = validateWrite(body, accountSchema, 'create');
    const now = store.clock.currentTime();
    const ObjectID = store.newObjectId();
    return store.accounts.insert({
      ObjectID,
      id: ObjectID,
      AccountID: store.nextAccountNumber(),
      AccountName: optionalString(values, 'AccountName') ?? '',
      Email: optionalString(values, 'Email') ?? null,
      Phone: optionalString(values, 'Phone') ?? null,
      RoleCode: optionalString(values, 'RoleCode') ?? 'CRM000',
      CreatedOn: now,
      ChangedOn: now,
      ETag: store.clock.etagFor(now),
    });
  },
  update(store: InstanceStore, id: string, body: JsonObject): AccountRecord {
    const values = validateWrite(body, accountSchema, 'update');
    return existing(store.accounts.update(id, values as Partial<AccountRecord>));
  },
  remove(store: InstanceStore, id: string): void {
    store.accounts.delete(id);
  },
};
