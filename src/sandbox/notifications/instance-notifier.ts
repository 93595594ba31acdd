import { randomUUID } from 'node:crypto';
import type { InstanceStore } from '../store/instance-store.js';
import type { RecordChangeKind } from '../store/record-collection.js';
import {
  EVENTS_PER_NOTIFICATION,
  notificationBody,
  signNotification,
  type EventType,
  type PendingChange,
} from './notification-body.js';
import type { NotificationSettings } from './notification-settings.js';

/** One POST to the callback URL, with every attempt it took. */
export interface DeliveryRecord {
  webhookId: string;
  objectType: string;
  events: number;
  attempts: number;
  /** The last answer's status; 0 when the last attempt got none. */
  status: number;
  delivered: boolean;
}

const DEFAULT_BATCH_MS = 20;
const DEFAULT_RETRY_DELAYS_MS = [200, 1000, 3000];
const ATTEMPT_TIMEOUT_MS = 5000;
const MAX_RECORDS = 200;
const KIND_TO_TYPE: Record<RecordChangeKind, EventType> = {
  created: 'CREATED',
  updated: 'UPDATED',
  deleted: 'DELETED',
};

/**
 * Sends one instance's event notifications, as Cloud Elements would after polling the element:
 * every change of an account, contact or incident (through the API or "directly in SAP" with
 * `store.*.update`) is collected for a short window, then POSTed to the callback URL, signed, one
 * notification per object type and 10 changes, in order, with retries. A change of a comment or
 * attachment is reported as a change of its incident, whose ChangedOn it moves.
 */
export class InstanceNotifier {
  private settings?: NotificationSettings;
  private batch = new Map<string, PendingChange>();
  private batchTimer?: NodeJS.Timeout;
  private chain: Promise<void> = Promise.resolve();
  private readonly records: DeliveryRecord[] = [];
  private readonly aborts = new Set<AbortController>();
  private readonly unwatch: (() => void)[];
  private closed = false;

  constructor(
    private readonly instanceId: string,
    private readonly store: InstanceStore,
  ) {
    this.unwatch = [
      store.incidents.watch((kind, record) => this.collect('incidents', kind, record)),
      store.contacts.watch((kind, record) => this.collect('contacts', kind, record)),
      store.accounts.watch((kind, record) => this.collect('accounts', kind, record)),
      store.comments.watch((_kind, record) => this.collectParent(record.ParentObjectID)),
      store.attachments.watch((_kind, record) => this.collectParent(record.ParentObjectID)),
    ];
  }

  /** Turns notifications on (or changes where they go); undefined turns them off. */
  configure(settings: NotificationSettings | undefined): void {
    this.settings = settings;
    if (!settings) {
      this.batch.clear();
      clearTimeout(this.batchTimer);
      this.batchTimer = undefined;
    }
  }

  get configuration(): NotificationSettings | undefined {
    return this.settings;
  }

  deliveries(): DeliveryRecord[] {
    return this.records.map((record) => ({ ...record }));
  }

  /** Resolves once every collected change has been delivered (or given up on). */
  async idle(): Promise<void> {
    if (this.batchTimer) {
      clearTimeout(this.batchTimer);
      this.flush();
    }
    await this.chain;
  }

  close(): void {
    this.closed = true;
    this.configure(undefined);
    this.unwatch.forEach((stop) => stop());
    this.aborts.forEach((abort) => abort.abort());
  }

  private collect(
    objectType: PendingChange['objectType'],
    kind: RecordChangeKind,
    record: Readonly<{ ObjectID: string; ChangedOn?: number }>,
  ): void {
    if (!this.settings || this.closed) {
      return;
    }
    const key = `${objectType}:${record.ObjectID}`;
    const earlier = this.batch.get(key);
    const eventType =
      earlier?.eventType === 'CREATED' && kind === 'updated' ? 'CREATED' : KIND_TO_TYPE[kind];
    this.batch.set(key, {
      objectType,
      objectId: record.ObjectID,
      eventType,
      record: structuredClone(record),
      date: kind === 'deleted' ? Date.now() : (record.ChangedOn ?? Date.now()),
    });
    this.batchTimer ??= setTimeout(() => this.flush(), this.settings.batchMs ?? DEFAULT_BATCH_MS);
  }

  private collectParent(incidentId: string): void {
    const incident = this.store.incidents.peek(incidentId);
    if (incident) {
      this.collect('incidents', 'updated', incident);
    }
  }

  private flush(): void {
    this.batchTimer = undefined;
    const settings = this.settings;
    const changes = [...this.batch.values()];
    this.batch.clear();
    if (!settings || changes.length === 0) {
      return;
    }
    for (const objectType of ['accounts', 'contacts', 'incidents'] as const) {
      const ofType = changes.filter((change) => change.objectType === objectType);
      for (let i = 0; i < ofType.length; i += EVENTS_PER_NOTIFICATION) {
        const chunk = ofType.slice(i, i + EVENTS_PER_NOTIFICATION);
        this.chain = this.chain.then(() => this.deliver(settings, chunk));
      }
    }
  }

  private async deliver(settings: NotificationSettings, changes: PendingChange[]): Promise<void> {
    const webhookId = randomUUID();
    const body = JSON.stringify(
      notificationBody(this.instanceId, randomUUID(), changes, settings.shape ?? 'both'),
    );
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'elements-webhook-id': webhookId,
    };
    if (settings.signatureKey) {
      headers['elements-webhook-signature'] = signNotification(body, settings.signatureKey);
    }
    const record: DeliveryRecord = {
      webhookId,
      objectType: changes[0]?.objectType ?? '',
      events: changes.length,
      attempts: 0,
      status: 0,
      delivered: false,
    };
    this.records.push(record);
    if (this.records.length > MAX_RECORDS) {
      this.records.shift();
    }
    const delays = settings.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
    for (let attempt = 0; attempt <= delays.length && !this.closed; attempt++) {
      if (attempt > 0) {
        await new Promise((resolve) => setTimeout(resolve, delays[attempt - 1]));
      }
      record.attempts++;
      record.status = await this.post(settings.callbackUrl, headers, body);
      if (record.status >= 200 && record.status < 300) {
        record.delivered = true;
        return;
      }
      // Like Cloud Elements, a refusal that cannot change (4xx but 408/429) is not retried.
      if (record.status >= 400 && record.status < 500 && ![408, 429].includes(record.status)) {
        return;
      }
    }
  }

  private async post(url: string, headers: Record<string, string>, body: string): Promise<number> {
    const abort = new AbortController();
    this.aborts.add(abort);
    const timer = setTimeout(() => abort.abort(), ATTEMPT_TIMEOUT_MS);
    try {
      const response = await fetch(url, { method: 'POST', headers, body, signal: abort.signal });
      await response.arrayBuffer().catch(() => undefined);
      return response.status;
    } catch {
      return 0;
    } finally {
      clearTimeout(timer);
      this.aborts.delete(abort);
    }
  }
}
