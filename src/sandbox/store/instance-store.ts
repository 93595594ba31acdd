import { randomHex, type Random } from '../random.js';
import {
  COMMENT_TYPE_CODES,
  LIFE_CYCLE_STATUS_CODES,
  PRIORITY_CODES,
  describeCode,
} from './code-lists.js';
import { EtagClock } from './etag-clock.js';
import type {
  AccountRecord,
  AttachmentRecord,
  CommentRecord,
  ContactRecord,
  IncidentRecord,
} from './native-records.js';
import { RecordCollection } from './record-collection.js';

/** One Cloud Elements instance's C4C data: what a test changes to simulate edits made in SAP. */
export class InstanceStore {
  readonly accounts = new RecordCollection<AccountRecord>((record) => this.touch(record));
  readonly contacts = new RecordCollection<ContactRecord>((record) => this.touch(record));
  readonly incidents = new RecordCollection<IncidentRecord>((record) => this.touchIncident(record));
  readonly comments = new RecordCollection<CommentRecord>((record) => {
    record.UpdatedOn = this.clock.currentTime();
    record.TypeCodeText = describeCode(COMMENT_TYPE_CODES, record.TypeCode);
  });
  readonly attachments = new RecordCollection<AttachmentRecord>();

  constructor(
    private readonly random: Random,
    readonly clock = new EtagClock(),
  ) {}

  newObjectId(): string {
    for (;;) {
      const id = `00163E${randomHex(this.random, 26)}`;
      if (!this.containsObjectId(id)) {
        return id;
      }
    }
  }

  nextAccountNumber(): string {
    return nextKey(
      [...this.accounts.values()].map((record) => record.AccountID),
      1000000,
    );
  }

  nextContactNumber(): string {
    return nextKey(
      [...this.contacts.values()].map((record) => record.ContactID),
      1100000,
    );
  }

  nextIncidentNumber(): string {
    return nextKey(
      [...this.incidents.values()].map((record) => record.ID),
      5000,
    );
  }

  findAccountByNumber(accountId: string): Readonly<AccountRecord> | undefined {
    return [...this.accounts.values()].find((record) => record.AccountID === accountId);
  }

  findContactByNumber(contactId: string): Readonly<ContactRecord> | undefined {
    return [...this.contacts.values()].find((record) => record.ContactID === contactId);
  }

  commentsOf(incidentId: string): Readonly<CommentRecord>[] {
    return [...this.comments.values()].filter((record) => record.ParentObjectID === incidentId);
  }

  attachmentsOf(incidentId: string): Readonly<AttachmentRecord>[] {
    return [...this.attachments.values()].filter((record) => record.ParentObjectID === incidentId);
  }

  /** Text and attachment nodes belong to the ticket: changing them changes the ticket's ETag. */
  touchIncidentById(incidentId: string): void {
    this.incidents.update(incidentId, {});
  }

  deleteIncident(incidentId: string): boolean {
    if (!this.incidents.delete(incidentId)) {
      return false;
    }
    this.comments.deleteWhere((record) => record.ParentObjectID === incidentId);
    this.attachments.deleteWhere((record) => record.ParentObjectID === incidentId);
    return true;
  }

  private touch(record: { ChangedOn: number; ETag: string }): void {
    record.ChangedOn = this.clock.currentTime();
    record.ETag = this.clock.etagFor(record.ChangedOn);
  }

  private touchIncident(record: IncidentRecord): void {
    this.touch(record);
    record.LastChangeDateTime = record.ChangedOn;
    record.ServicePriorityCodeText = describeCode(PRIORITY_CODES, record.ServicePriorityCode);
    record.ServiceRequestLifeCycleStatusCodeText = describeCode(
      LIFE_CYCLE_STATUS_CODES,
      record.ServiceRequestLifeCycleStatusCode,
    );
  }

  private containsObjectId(id: string): boolean {
    return [this.accounts, this.contacts, this.incidents, this.comments, this.attachments].some(
      (collection) => collection.has(id),
    );
  }
}

function nextKey(existing: string[], floor: number): string {
  const numbers = existing.map(Number).filter(Number.isFinite);
  return String(Math.max(floor - 1, ...numbers) + 1);
}
