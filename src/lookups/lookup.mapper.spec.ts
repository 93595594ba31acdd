import {
  STANDARD_PRIORITIES,
  STANDARD_STATUSES,
  toPriorityLookups,
  toStatusLookups,
} from './lookup.mapper.js';

describe(toStatusLookups.name, () => {
  it('should map codes to categories, keeping unknown codes as unknown', () => {
    expect(
      toStatusLookups([
        { Code: '2', Description: 'In Process' },
        { Code: 'Z1', Description: 'Waiting for SAP' },
      ]),
    ).toEqual([
      { code: '2', name: 'In Process', category: 'in_progress' },
      { code: 'Z1', name: 'Waiting for SAP', category: 'unknown' },
    ]);
  });

  it('should drop entries without a code and duplicates, and name unnamed ones', () => {
    expect(
      toStatusLookups([
        { Code: null },
        { Code: '4' },
        { Code: '4', Description: 'Again' },
        { Code: 'Q' },
      ]),
    ).toEqual([
      { code: '4', name: 'Closed', category: 'closed' },
      { code: 'Q', name: 'Q', category: 'unknown' },
    ]);
  });

  it('should give the four standard statuses as fallback', () => {
    expect(toStatusLookups(STANDARD_STATUSES).map((s) => s.category)).toEqual([
      'open',
      'in_progress',
      'completed',
      'closed',
    ]);
  });
});

describe(toPriorityLookups.name, () => {
  it('should map codes to levels', () => {
    expect(toPriorityLookups(STANDARD_PRIORITIES)).toEqual([
      { code: '1', name: 'Immediate', level: 'immediate' },
      { code: '2', name: 'Urgent', level: 'urgent' },
      { code: '3', name: 'Normal', level: 'normal' },
      { code: '7', name: 'Low', level: 'low' },
    ]);
    expect(toPriorityLookups([{ Code: '9', Description: 'Whenever' }])).toEqual([
      { code: '9', name: 'Whenever', level: 'unknown' },
    ]);
  });
});
