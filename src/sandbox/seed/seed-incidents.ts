import { chance, pick, randomInt, type Random } from '../random.js';
import { LIFE_CYCLE_STATUS_CODES, PRIORITY_CODES, describeCode } from '../store/code-lists.js';
import type { InstanceStore } from '../store/instance-store.js';
import type { IncidentRecord } from '../store/native-records.js';
import { addDays, randomCreatedOn, randomLaterTime } from './seed-clock.js';
import { ISSUE_SUBJECTS } from './seed-words.js';

const PRIORITY_WEIGHTS = ['1', '2', '2', '3', '3', '3', '3', '7', '7'] as const;
const STATUS_WEIGHTS = ['1', '1', '1', '2', '2', '2', '3', '3', '4', '4'] as const;

/** Every few records lack a priority, subject or status text, or carry an unknown status code. */
function specials(index: number): {
  noPriority: boolean;
  noSubject: boolean;
  unknownStatus: boolean;
  sparse: boolean;
} {
  return {
    noPriority: index % 23 === 5,
    noSubject: index % 29 === 7,
    unknownStatus: index % 37 === 11,
    sparse: index % 31 === 3,
  };
}

export function seedIncidents(store: InstanceStore, random: Random, count: number): void {
  const accounts = [...store.accounts.values()];
  const contacts = [...store.contacts.values()];
  const created = Array.from({ length: count }, () => randomCreatedOn(random)).sort(
    (a, b) => a - b,
  );
  const firstNumber = 5000 + randomInt(random, 0, 40) * 100;
  created.forEach((createdOn, index) => {
    const special = specials(index);
    const changedOn = randomLaterTime(random, createdOn, 30);
    const account =
      !special.sparse && accounts.length > 0 && chance(random, 0.85)
        ? pick(random, accounts)
        : null;
    const ownContacts = contacts.filter(
      (contact) => account && contact.AccountID === account.AccountID,
    );
    const candidates = ownContacts.length > 0 ? ownContacts : contacts;
    const contact =
      !special.sparse && candidates.length > 0 && chance(random, 0.85)
        ? pick(random, candidates)
        : null;
    const priority = special.noPriority || special.sparse ? null : pick(random, PRIORITY_WEIGHTS);
    const status = special.unknownStatus ? 'Z1' : pick(random, STATUS_WEIGHTS);
    const ObjectID = store.newObjectId();
    const record: IncidentRecord = {
      ObjectID,
      id: ObjectID,
      ID: String(firstNumber + index),
      Name:
        special.noSubject || special.sparse
          ? null
          : { content: pick(random, ISSUE_SUBJECTS), languageCode: 'EN' },
      ServicePriorityCode: priority,
      ServicePriorityCodeText: describeCode(PRIORITY_CODES, priority),
      ServiceRequestLifeCycleStatusCode: status,
      ServiceRequestLifeCycleStatusCodeText: describeCode(LIFE_CYCLE_STATUS_CODES, status),
      ServiceRequestUserLifeCycleStatusCode: status,
      ProcessingTypeCode: 'SRRQ',
      CustomerID: account?.AccountID ?? null,
      ReportedForPartyID: contact?.ContactID ?? null,
      ReporterPartyID: contact && chance(random, 0.9) ? contact.ContactID : null,
      ReporterEmail: contact?.Email ?? null,
      AssignedTo:
        !special.sparse && chance(random, 0.7) ? `80000000${randomInt(random, 10, 40)}` : null,
      CompletionDueDate:
        !special.sparse && chance(random, 0.6)
          ? addDays(createdOn, randomInt(random, 1, 14))
          : null,
      CreationDateTime: createdOn,
      LastChangeDateTime: changedOn,
      CreatedOn: createdOn,
      ChangedOn: changedOn,
      ETag: store.clock.etagFor(changedOn),
    };
    store.incidents.insert(record);
  });
}
