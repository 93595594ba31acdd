import { mulberry32 } from '../random.js';
import { seedInstanceStore } from '../seed/seed-instance.js';
import { EtagClock } from './etag-clock.js';
import { InstanceStore } from './instance-store.js';

describe(EtagClock.name, () => {
  it('should build C4C-style ETags that differ within one millisecond', () => {
    const clock = new EtagClock(() => Date.UTC(2026, 0, 31, 12, 0, 0));
    const time = clock.currentTime();
    const first = clock.etagFor(time);
    expect(first).toBe(`W/"datetime'2026-01-31T12%3A00%3A00.0000001Z'"`);
    expect(clock.etagFor(time)).not.toBe(first);
  });
});

describe(InstanceStore.name, () => {
  it('should refresh change time, ETag and code texts on update', () => {
    const store = seedInstanceStore('1001', 0, { incidents: 3 });
    const [incident] = store.incidents.list();
    const updated = store.incidents.update(incident!.id, {
      ServicePriorityCode: '1',
      ServiceRequestLifeCycleStatusCode: '4',
    });
    expect(updated).toMatchObject({
      ServicePriorityCodeText: 'Immediate',
      ServiceRequestLifeCycleStatusCodeText: 'Closed',
    });
    expect(updated?.ETag).not.toBe(incident?.ETag);
    expect(updated?.LastChangeDateTime).toBe(updated?.ChangedOn);
    expect(updated!.ChangedOn).toBeGreaterThan(incident!.ChangedOn);
  });

  it('should hand out copies that do not change the stored record', () => {
    const store = seedInstanceStore('1001', 0, { incidents: 1 });
    const copy = store.incidents.list()[0]!;
    copy.ID = 'changed';
    expect(store.incidents.get(copy.id)?.ID).not.toBe('changed');
  });

  it('should delete an incident with its comments and attachments', () => {
    const store = seedInstanceStore('1001');
    const incident = store.incidents.list().find((i) => store.attachmentsOf(i.id).length > 0)!;
    const otherComments = store.comments.size - store.commentsOf(incident.id).length;
    expect(store.deleteIncident(incident.id)).toBe(true);
    expect(store.incidents.get(incident.id)).toBeUndefined();
    expect(store.comments.size).toBe(otherComments);
    expect(store.attachmentsOf(incident.id)).toEqual([]);
    expect(store.deleteIncident(incident.id)).toBe(false);
  });

  it('should hand out new unique ObjectIDs and increasing business keys', () => {
    const store = new InstanceStore(mulberry32(1));
    const ids = new Set(Array.from({ length: 100 }, () => store.newObjectId()));
    expect(ids.size).toBe(100);
    expect(store.nextIncidentNumber()).toBe('5000');
    const seeded = seedInstanceStore('1001', 0, { accounts: 3 });
    const highest = Math.max(...seeded.accounts.list().map((a) => Number(a.AccountID)));
    expect(seeded.nextAccountNumber()).toBe(String(highest + 1));
  });
});
