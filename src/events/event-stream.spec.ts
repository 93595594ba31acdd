import { compareStreamIds, parseStreamId } from './event-stream.service.js';

const MAX = '18446744073709551615';

describe(parseStreamId.name, () => {
  it('should read both parts of an entry id', () => {
    expect(parseStreamId('1769860800123-7')).toEqual([1769860800123n, 7n]);
  });

  it('should take the largest id Redis can hold', () => {
    expect(parseStreamId(`${MAX}-${MAX}`)).toEqual([2n ** 64n - 1n, 2n ** 64n - 1n]);
  });

  it.each([
    '18446744073709551616-0',
    `0-18446744073709551616`,
    '99999999999999999999-99999999999999999999',
    '1-2-3',
    '-1-0',
    '1769860800123',
    '',
  ])('should refuse %p, which is no stream entry id', (id) => {
    expect(parseStreamId(id)).toBeUndefined();
  });
});

describe(compareStreamIds.name, () => {
  it('should order ids by time, then by sequence, as numbers', () => {
    expect(compareStreamIds('9-5', '10-0')).toBe(-1);
    expect(compareStreamIds('10-10', '10-9')).toBe(1);
    expect(compareStreamIds(`${MAX}-0`, `${MAX}-0`)).toBe(0);
  });
});
