import { providerRejection } from '../http-error.js';
import type { InstanceStore } from '../store/instance-store.js';
import type { ContactRecord } from '../store/native-records.js';
import { existing, type RecordResource } from './record-resource.js';
import { defineSchema, readOnly, writable } from './resource-schema.js';
import {
  optionalString,
  validateWrite,
  type JsonObject,
  type ScalarValues,
} from './write-validation.js';

export const contactSchema = defineSchema(
  'contact',
  {
    ObjectID: readOnly('string'),
    id: readOnly('string'),
    ContactID: readOnly('string'),
    FirstName: writable('string', true),
    LastName: writable('string', true),
    Email: writable('string'),
    Phone: writable('string'),
    AccountID: writable('string'),
    CategoryCode: writable('string'),
    CreatedOn: readOnly('date'),
    ChangedOn: readOnly('date'),
    ETag: readOnly('string'),
  },
  { defaultOrder: ['CreatedOn', 'ObjectID'] },
);

/** C4C links a contact to its account by the account's business key, which must exist. */
function checkAccountLink(store: InstanceStore, values: ScalarValues): void {
  const accountId = optionalString(values, 'AccountID');
  if (accountId && !store.findAccountByNumber(accountId)) {
    throw providerRejection(
      `No account found with AccountID ${accountId}`,
      `Account ${accountId} does not exist (AccountID)`,
    );
  }
}

export const contactResource: RecordResource<ContactRecord> = {
  path: 'contacts',
  schema: contactSchema,
  collection: (store) => store.contacts,
  create(store: InstanceStore, body: JsonObject): ContactRecord {
    const values = validateWrite(body, contactSchema, 'create');
    checkAccountLink(store, values);
    const now = store.clock.currentTime();
    const ObjectID = store.newObjectId();
    return store.contacts.insert({
      ObjectID,
      id: ObjectID,
      ContactID: store.nextContactNumber(),
      FirstName: optionalString(values, 'FirstName') ?? '',
      LastName: optionalString(values, 'LastName') ?? '',
      Email: optionalString(values, 'Email') ?? null,
      Phone: optionalString(values, 'Phone') ?? null,
      AccountID: optionalString(values, 'AccountID') ?? null,
      CategoryCode: optionalString(values, 'CategoryCode') ?? '1',
      CreatedOn: now,
      ChangedOn: now,
      ETag: store.clock.etagFor(now),
    });
  },
  update(store: InstanceStore, id: string, body: JsonObject): ContactRecord {
    const values = validateWrite(body, contactSchema, 'update');
    checkAccountLink(store, values);
    return existing(store.contacts.update(id, values as Partial<ContactRecord>));
  },
  remove(store: InstanceStore, id: string): void {
    store.contacts.delete(id);
  },
};
