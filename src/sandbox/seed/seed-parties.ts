import { chance, pick, randomInt, type Random } from '../random.js';
import type { InstanceStore } from '../store/instance-store.js';
import { randomCreatedOn, randomLaterTime } from './seed-clock.js';
import { COMPANY_KINDS, COMPANY_WORDS, FIRST_NAMES, LAST_NAMES } from './seed-words.js';

export function seedAccounts(store: InstanceStore, random: Random, count: number): void {
  for (let i = 0; i < count; i++) {
    const word = pick(random, COMPANY_WORDS);
    const createdOn = randomCreatedOn(random);
    const changedOn = randomLaterTime(random, createdOn, 60);
    const domain = `${word.toLowerCase()}${i}.example.com`;
    const ObjectID = store.newObjectId();
    store.accounts.insert({
      ObjectID,
      id: ObjectID,
      AccountID: String(1000000 + i * 10 + randomInt(random, 0, 9)),
      AccountName: `${word} ${pick(random, COMPANY_KINDS)}`,
      Email: chance(random, 0.9) ? `info@${domain}` : null,
      Phone: chance(random, 0.8) ? `+49 30 ${randomInt(random, 1000000, 9999999)}` : null,
      RoleCode: 'CRM000',
      CreatedOn: createdOn,
      ChangedOn: changedOn,
      ETag: store.clock.etagFor(changedOn),
    });
  }
}

export function seedContacts(store: InstanceStore, random: Random, count: number): void {
  const accounts = [...store.accounts.values()];
  for (let i = 0; i < count; i++) {
    const firstName = pick(random, FIRST_NAMES);
    const lastName = pick(random, LAST_NAMES);
    const account = accounts.length > 0 && chance(random, 0.85) ? pick(random, accounts) : null;
    const createdOn = randomCreatedOn(random);
    const changedOn = randomLaterTime(random, createdOn, 45);
    const mailbox = `${firstName}.${lastName}`.toLowerCase().replace(/[^a-z.]/g, '');
    const ObjectID = store.newObjectId();
    store.contacts.insert({
      ObjectID,
      id: ObjectID,
      ContactID: String(1100000 + i * 10 + randomInt(random, 0, 9)),
      FirstName: firstName,
      LastName: lastName,
      Email: chance(random, 0.9) ? `${mailbox}${i}@example.com` : null,
      Phone: chance(random, 0.6) ? `+49 89 ${randomInt(random, 1000000, 9999999)}` : null,
      AccountID: account?.AccountID ?? null,
      CategoryCode: '1',
      CreatedOn: createdOn,
      ChangedOn: changedOn,
      ETag: store.clock.etagFor(changedOn),
    });
  }
}
