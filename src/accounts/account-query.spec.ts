import { parseCeql } from '../sandbox/ceql/ceql-parser.js';
import { accountOrderBy, accountWhere } from './account-query.js';

const HOSTILE = [
  "x' OR '1'='1",
  "'; DROP TABLE accounts; --",
  'back\\slash\\',
  "\\'",
  '%_\\',
  '50%_off',
  'ünïcødé 😀 中文',
  ")) OR ((AccountName LIKE '%",
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

describe(accountWhere.name, () => {
  it('should have no clause without filters', () => {
    expect(accountWhere({})).toBeUndefined();
  });

  it('should search the account name for q', () => {
    expect(accountWhere({ q: 'acme' })?.text).toBe("AccountName LIKE '%acme%'");
  });

  it('should compare updatedSince as a CEQL date in whole seconds', () => {
    expect(accountWhere({ updatedSince: '2026-01-31T12:00:00.999Z' })?.text).toBe(
      "ChangedOn >= '2026-01-31T12:00:00Z'",
    );
  });

  it('should join both filters with AND', () => {
    expect(accountWhere({ q: 'acme', updatedSince: '2026-01-31T12:00:00Z' })?.text).toBe(
      "(AccountName LIKE '%acme%') AND (ChangedOn >= '2026-01-31T12:00:00Z')",
    );
  });

  it.each(HOSTILE)('should make the search text %j one LIKE pattern', (value) => {
    const ast = parseCeql(accountWhere({ q: value })?.text ?? '') as {
      type: string;
      field: string;
      pattern: { value: string; escaped?: number[] };
    };
    expect([ast.type, ast.field]).toEqual(['like', 'AccountName']);
    expect(ast.pattern.value).toBe(`%${value}%`);
    expect(wildcardOffsets(ast.pattern)).toEqual([0, ast.pattern.value.length - 1]);
  });

  it('should keep the search text one pattern next to the date filter', () => {
    const ast = parseCeql(
      accountWhere({ q: "x' OR '1'='1", updatedSince: '2026-01-31T12:00:00Z' })?.text ?? '',
    );
    expect(ast).toEqual({
      type: 'and',
      operands: [
        {
          type: 'like',
          field: 'AccountName',
          pattern: expect.objectContaining({ value: "%x' OR '1'='1%" }),
        },
        {
          type: 'compare',
          field: 'ChangedOn',
          operator: '>=',
          value: { type: 'string', value: '2026-01-31T12:00:00Z' },
        },
      ],
    });
  });
});

describe(accountOrderBy.name, () => {
  it.each<[Parameters<typeof accountOrderBy>[0], string]>([
    [undefined, 'ChangedOn desc'],
    ['-updatedAt', 'ChangedOn desc'],
    ['updatedAt', 'ChangedOn asc'],
    ['createdAt', 'CreatedOn asc'],
    ['-createdAt', 'CreatedOn desc'],
  ])('should sort %j as %j', (sort, orderBy) => {
    expect(accountOrderBy(sort)).toBe(orderBy);
  });
});
