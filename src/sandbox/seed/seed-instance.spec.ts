import { seedInstanceStore } from './seed-instance.js';
import type { InstanceStore } from '../store/instance-store.js';

function snapshot(store: InstanceStore): unknown {
  return {
    accounts: store.accounts.list(),
    contacts: store.contacts.list(),
    incidents: store.incidents.list(),
    comments: store.comments.list(),
    attachments: store.attachments.list(),
  };
}

describe('seedInstanceStore', () => {
  it('should produce identical data for the same instance id and seed', () => {
    expect(snapshot(seedInstanceStore('1001', 7))).toEqual(snapshot(seedInstanceStore('1001', 7)));
  });

  it('should produce different data for another instance id or seed', () => {
    const first = seedInstanceStore('1001').incidents.list()[0];
    expect(seedInstanceStore('1002').incidents.list()[0]?.ObjectID).not.toBe(first?.ObjectID);
    expect(seedInstanceStore('1001', 1).incidents.list()[0]?.ObjectID).not.toBe(first?.ObjectID);
  });

  it('should honour the default and requested counts', () => {
    const store = seedInstanceStore('1001');
    expect([store.accounts.size, store.contacts.size, store.incidents.size]).toEqual([15, 40, 120]);
    const small = seedInstanceStore('1001', 0, { accounts: 2, contacts: 3, incidents: 4 });
    expect([small.accounts.size, small.contacts.size, small.incidents.size]).toEqual([2, 3, 4]);
  });

  it('should use C4C shapes: 32-hex ObjectIDs equal to id, epoch-ms dates', () => {
    const incident = seedInstanceStore('1001').incidents.list()[0];
    expect(incident?.ObjectID).toMatch(/^[0-9A-F]{32}$/);
    expect(incident?.id).toBe(incident?.ObjectID);
    expect(typeof incident?.CreationDateTime).toBe('number');
    expect(incident?.ETag).toMatch(
      /^W\/"datetime'\d{4}-\d{2}-\d{2}T\d{2}%3A\d{2}%3A\d{2}\.\d{7}Z'"$/,
    );
  });

  it('should link incidents and contacts to existing business keys', () => {
    const store = seedInstanceStore('1001');
    const accountIds = new Set(store.accounts.list().map((account) => account.AccountID));
    const contactIds = new Set(store.contacts.list().map((contact) => contact.ContactID));
    for (const incident of store.incidents.list()) {
      expect(incident.CustomerID === null || accountIds.has(incident.CustomerID)).toBe(true);
      expect(
        incident.ReportedForPartyID === null || contactIds.has(incident.ReportedForPartyID),
      ).toBe(true);
    }
    expect(
      store.contacts.list().every((c) => c.AccountID === null || accountIds.has(c.AccountID)),
    ).toBe(true);
  });

  it('should include records with missing values and an unknown status code', () => {
    const incidents = seedInstanceStore('1001').incidents.list();
    expect(incidents.some((incident) => incident.ServicePriorityCode === null)).toBe(true);
    expect(incidents.some((incident) => incident.Name === null)).toBe(true);
    expect(incidents.some((incident) => incident.CompletionDueDate === null)).toBe(true);
    const unknown = incidents.filter(
      (incident) => incident.ServiceRequestLifeCycleStatusCode === 'Z1',
    );
    expect(unknown.length).toBeGreaterThan(0);
    expect(unknown[0]?.ServiceRequestLifeCycleStatusCodeText).toBe('Waiting for SAP');
  });

  it('should give incidents at most one description and seed other comment types and attachments', () => {
    const store = seedInstanceStore('1001');
    for (const incident of store.incidents.list()) {
      const descriptions = store
        .commentsOf(incident.ObjectID)
        .filter((c) => c.TypeCode === '10004');
      expect(descriptions.length).toBeLessThanOrEqual(1);
    }
    const typeCodes = new Set(store.comments.list().map((comment) => comment.TypeCode));
    expect([...typeCodes].sort()).toEqual(['10004', '10007', '10008', '10011', 'Z900']);
    const mimeTypes = new Set(store.attachments.list().map((attachment) => attachment.MimeType));
    expect([...mimeTypes].sort()).toEqual(['image/png', 'text/plain']);
  });
});
