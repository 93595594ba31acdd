import { changesAfter } from './change-poller.service.js';

describe(changesAfter.name, () => {
  it('should report records changed after the watermark and move it to the newest', () => {
    const { changes, next } = changesAfter(
      'incidents',
      [
        { ObjectID: 'A', ChangedOn: 2000, CreatedOn: 500 },
        { ObjectID: 'B', ChangedOn: 3000, CreatedOn: 3000 },
      ],
      { at: 1000, ids: [] },
    );
    expect(changes).toEqual([
      { objectType: 'incidents', objectId: 'A', eventType: 'UPDATED', date: 2000 },
      { objectType: 'incidents', objectId: 'B', eventType: 'CREATED', date: 3000 },
    ]);
    expect(next).toEqual({ at: 3000, ids: ['B'] });
  });

  it('should skip what was already seen: older records of the same second and ids at the watermark', () => {
    const { changes, next } = changesAfter(
      'contacts',
      [
        { ObjectID: 'OLD', ChangedOn: 1500 },
        { ObjectID: 'SEEN', ChangedOn: 2000 },
        { ObjectID: 'SAME-MS', ChangedOn: 2000 },
      ],
      { at: 2000, ids: ['SEEN'] },
    );
    expect(changes.map((c) => c.objectId)).toEqual(['SAME-MS']);
    expect(next).toEqual({ at: 2000, ids: ['SEEN', 'SAME-MS'] });
  });

  it('should read every date form and ignore records without id or date', () => {
    const { changes } = changesAfter(
      'accounts',
      [
        { ObjectID: 'A', ChangedOn: '/Date(5000)/' },
        { id: 'B', ChangedOn: '1970-01-01T00:00:06.000Z' },
        { ChangedOn: 7000 },
        { ObjectID: 'D' },
      ],
      { at: 1000, ids: [] },
    );
    expect(changes.map((c) => [c.objectId, c.date])).toEqual([
      ['A', 5000],
      ['B', 6000],
    ]);
  });
});
