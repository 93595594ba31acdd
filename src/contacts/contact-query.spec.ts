import { parseCeql } from '../sandbox/ceql/ceql-parser.js';
import { contactOrderBy, contactWhere } from './contact-query.js';

const HOSTILE = [
  "x' OR '1'='1",
  "'; DROP TABLE contacts; --",
  'back\\slash\\',
  "\\'",
  '%_\\',
  '50%_off',
  'ünïcødé 😀 中文',
  ")) OR ((FirstName LIKE '%",
  'a'.repeat(200),
  "'".repeat(200),
];

/** UTF-16 offsets of the unescaped `%` and `_` in a parsed LIKE pattern. */
function wildcardOffsets(pattern: { value: string; escaped?: number[] }): number[] {
  const offsets: number[] = [];
  for (let i = 0; i < pattern.value.length; i++) {
    const char = pattern.value[i];
    if ((char === '%' || char === '_') && !pattern.escaped?.includes(i)) {
      offsets.push(i);
    }
  }
  return offsets;
}

describe(contactWhere.name, () => {
  it('should have no clause without filters', () => {
    expect(contactWhere({})).toBeUndefined();
  });

  it('should filter the account by its business key', () => {
    expect(contactWhere({ accountKey: '1000123' })?.text).toBe("AccountID = '1000123'");
  });

  it('should filter the e-mail address exactly', () => {
    expect(contactWhere({ email: 'ada@example.com' })?.text).toBe("Email = 'ada@example.com'");
  });

  it('should search first or last name for q', () => {
    expect(contactWhere({ q: 'love' })?.text).toBe(
      "(FirstName LIKE '%love%') OR (LastName LIKE '%love%')",
    );
  });

  it('should find a full name: every word in the first or the last name', () => {
    expect(contactWhere({ q: ' Wei  García ' })?.text).toBe(
      "((FirstName LIKE '%Wei%') OR (LastName LIKE '%Wei%')) AND " +
        "((FirstName LIKE '%García%') OR (LastName LIKE '%García%'))",
    );
  });

  it('should search a text of many words as one text', () => {
    const text = 'a b c d e f g';
    expect(contactWhere({ q: text })?.text).toBe(
      `(FirstName LIKE '%${text}%') OR (LastName LIKE '%${text}%')`,
    );
  });

  it('should compare updatedSince as a CEQL date in whole seconds', () => {
    expect(contactWhere({ updatedSince: '2026-01-31T13:00:00.789+01:00' })?.text).toBe(
      "ChangedOn >= '2026-01-31T12:00:00Z'",
    );
  });

  it('should join every filter with AND, keeping the name search one group', () => {
    expect(
      contactWhere({
        accountKey: '1000123',
        email: 'ada@example.com',
        q: 'ada',
        updatedSince: '2026-01-31T12:00:00Z',
      })?.text,
    ).toBe(
      "(AccountID = '1000123') AND (Email = 'ada@example.com') AND " +
        "((FirstName LIKE '%ada%') OR (LastName LIKE '%ada%')) AND " +
        "(ChangedOn >= '2026-01-31T12:00:00Z')",
    );
  });

  it.each(HOSTILE)('should make the e-mail value %j one string literal', (value) => {
    const where = contactWhere({ email: value });
    expect(parseCeql(where?.text ?? '')).toEqual({
      type: 'compare',
      field: 'Email',
      operator: '=',
      value: expect.objectContaining({ type: 'string', value }),
    });
  });

  it.each(HOSTILE)('should make the account key %j one string literal', (value) => {
    expect(parseCeql(contactWhere({ accountKey: value })?.text ?? '')).toEqual({
      type: 'compare',
      field: 'AccountID',
      operator: '=',
      value: expect.objectContaining({ type: 'string', value }),
    });
  });

  it.each(HOSTILE)(
    'should make each word of the search text %j one LIKE pattern per name field',
    (value) => {
      type Like = { type: string; field: string; pattern: { value: string; escaped?: number[] } };
      type Or = { type: string; operands: Like[] };
      const ast = parseCeql(contactWhere({ q: value })?.text ?? '') as Or | { operands: Or[] };
      const split = value.split(/\s+/).filter((w) => w.length > 0);
      const words = split.length > 0 && split.length <= 6 ? split : [value];
      const groups = (words.length > 1 ? (ast as { operands: Or[] }).operands : [ast]) as Or[];
      expect(groups).toHaveLength(words.length);
      groups.forEach((group, i) => {
        expect(group.type).toBe('or');
        expect(group.operands.map((o) => [o.type, o.field])).toEqual([
          ['like', 'FirstName'],
          ['like', 'LastName'],
        ]);
        for (const { pattern } of group.operands) {
          expect(pattern.value).toBe(`%${words[i]}%`);
          expect(wildcardOffsets(pattern)).toEqual([0, pattern.value.length - 1]);
        }
      });
    },
  );
});

describe(contactOrderBy.name, () => {
  it.each<[Parameters<typeof contactOrderBy>[0], string]>([
    [undefined, 'ChangedOn desc'],
    ['-updatedAt', 'ChangedOn desc'],
    ['updatedAt', 'ChangedOn asc'],
    ['createdAt', 'CreatedOn asc'],
    ['-createdAt', 'CreatedOn desc'],
  ])('should sort %j as %j', (sort, orderBy) => {
    expect(contactOrderBy(sort)).toBe(orderBy);
  });
});
