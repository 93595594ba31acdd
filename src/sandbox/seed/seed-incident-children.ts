import { chance, pick, randomInt, type Random } from '../random.js';
import { COMMENT_TYPE_CODES, describeCode } from '../store/code-lists.js';
import type { InstanceStore } from '../store/instance-store.js';
import type { IncidentRecord } from '../store/native-records.js';
import { randomLaterTime } from './seed-clock.js';
import {
  AGENT_NAMES,
  CUSTOMER_REPLY_TEXTS,
  DESCRIPTION_TEXTS,
  INTERNAL_NOTES,
  REPLY_TEXTS,
} from './seed-words.js';

const REPLY_KINDS = [
  ['10007', REPLY_TEXTS],
  ['10008', CUSTOMER_REPLY_TEXTS],
  ['10011', INTERNAL_NOTES],
] as const;

/** A 1×1 transparent PNG. */
const TINY_PNG =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

export function seedIncidentChildren(store: InstanceStore, random: Random): void {
  [...store.incidents.values()].forEach((incident, index) => {
    if (index % 13 !== 4) {
      addComment(store, {
        incident,
        typeCode: '10004',
        text: pick(random, DESCRIPTION_TEXTS),
        author: null,
        time: incident.CreatedOn,
      });
    }
    const replies = randomInt(random, 0, 3);
    for (let i = 0; i < replies; i++) {
      const [typeCode, texts] = pick(random, REPLY_KINDS);
      const time = randomLaterTime(
        random,
        incident.CreatedOn,
        0.9 * ((incident.ChangedOn - incident.CreatedOn) / 86400000),
      );
      addComment(store, {
        incident,
        typeCode,
        text: pick(random, texts),
        author: pick(random, AGENT_NAMES),
        time,
      });
    }
    if (index % 19 === 2) {
      addComment(store, {
        incident,
        typeCode: 'Z900',
        text: 'Partner portal sync note.',
        author: null,
        time: incident.ChangedOn,
      });
    }
    if (index % 5 === 1) {
      addAttachment(store, incident, {
        name: `notes-${incident.ID}.txt`,
        mimeType: 'text/plain',
        bytes: Buffer.from(`Log for ticket ${incident.ID}\nline 2\n`),
      });
    }
    if (index % 10 === 1 || (index % 5 === 1 && chance(random, 0.3))) {
      addAttachment(store, incident, {
        name: 'screenshot.png',
        mimeType: 'image/png',
        bytes: Buffer.from(TINY_PNG, 'base64'),
      });
    }
  });
}

interface SeedComment {
  incident: Readonly<IncidentRecord>;
  typeCode: string;
  text: string;
  author: string | null;
  time: number;
}

function addComment(store: InstanceStore, comment: SeedComment): void {
  const ObjectID = store.newObjectId();
  const author = comment.author ?? 'Customer Portal';
  store.comments.insert({
    ObjectID,
    id: ObjectID,
    ParentObjectID: comment.incident.ObjectID,
    Text: comment.text,
    TypeCode: comment.typeCode,
    TypeCodeText: describeCode(COMMENT_TYPE_CODES, comment.typeCode),
    AuthorName: author,
    CreatedBy: author,
    CreatedOn: comment.time,
    UpdatedOn: comment.time,
  });
}

interface SeedAttachment {
  name: string;
  mimeType: string;
  bytes: Buffer;
}

function addAttachment(
  store: InstanceStore,
  incident: Readonly<IncidentRecord>,
  { name, mimeType, bytes }: SeedAttachment,
): void {
  const ObjectID = store.newObjectId();
  store.attachments.insert({
    ObjectID,
    id: ObjectID,
    ParentObjectID: incident.ObjectID,
    Name: name,
    MimeType: mimeType,
    CategoryCode: '2',
    TypeCode: '10001',
    Binary: bytes.toString('base64'),
    CreatedOn: incident.CreatedOn,
  });
}
