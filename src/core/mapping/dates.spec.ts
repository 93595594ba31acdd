import { toCeqlDate, toEpochMs, toIsoDate } from './dates.js';

describe(toIsoDate.name, () => {
  it.each<[unknown, string | null]>([
    [1769860800000, '2026-01-31T12:00:00.000Z'],
    ['1769860800000', '2026-01-31T12:00:00.000Z'],
    ['/Date(1769860800000)/', '2026-01-31T12:00:00.000Z'],
    ['/Date(1769860800000+0100)/', '2026-01-31T12:00:00.000Z'],
    ['/Date(-86400000)/', '1969-12-31T00:00:00.000Z'],
    ['2026-01-31T12:00:00Z', '2026-01-31T12:00:00.000Z'],
    ['2026-01-31T13:00:00+01:00', '2026-01-31T12:00:00.000Z'],
    ['2026-01-31T12:00:00.1234567Z', '2026-01-31T12:00:00.123Z'],
    ['2026-01-31', '2026-01-31T00:00:00.000Z'],
    [0, '1970-01-01T00:00:00.000Z'],
    [null, null],
    [undefined, null],
    ['', null],
    ['   ', null],
    ['not a date', null],
    ['/Date(abc)/', null],
    [Number.NaN, null],
    [Number.POSITIVE_INFINITY, null],
    [9e15, null],
    [{}, null],
    [true, null],
  ])('should turn %j into %j', (input, expected) => {
    expect(toIsoDate(input)).toBe(expected);
  });

  it('should read epoch ms back', () => {
    expect(toEpochMs('2026-01-31T12:00:00.000Z')).toBe(1769860800000);
  });

  it('should write CEQL dates without milliseconds', () => {
    expect(toCeqlDate(1769860800123)).toBe('2026-01-31T12:00:00Z');
  });
});
