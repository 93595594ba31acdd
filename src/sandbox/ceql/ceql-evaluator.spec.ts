import { CeqlError } from './ceql-error.js';
import { createCeqlPredicate } from './ceql-evaluator.js';
import { parseCeql } from './ceql-parser.js';
import type { CeqlFieldKind } from './ceql-schema.js';

const schema = new Map<string, CeqlFieldKind>([
  ['Code', 'string'],
  ['Name.content', 'string'],
  ['Count', 'number'],
  ['ChangedOn', 'date'],
  ['Flag', 'boolean'],
]);

const records = [
  {
    id: 'a',
    Code: '1',
    Name: { content: 'Printer on fire' },
    Count: 3,
    ChangedOn: Date.parse('2026-01-10T00:00:00Z'),
    Flag: true,
  },
  {
    id: 'b',
    Code: '2',
    Name: { content: "50% off: it's_broken" },
    Count: 10,
    ChangedOn: Date.parse('2025-06-01T12:00:00Z'),
    Flag: false,
  },
  { id: 'c', Code: null, Name: null, Count: null, ChangedOn: null, Flag: null },
  {
    id: 'd',
    Code: 'Z1',
    Name: { content: 'Grüße aus München 😀' },
    Count: 7,
    ChangedOn: Date.parse('2026-01-01T00:00:00Z'),
    Flag: true,
  },
];

function ids(where: string): string[] {
  const predicate = createCeqlPredicate(parseCeql(where), schema);
  return records.filter((record) => predicate(record)).map((record) => record.id);
}

function errorOf(where: string): string {
  try {
    ids(where);
  } catch (error) {
    if (error instanceof CeqlError) {
      return error.message;
    }
    throw error;
  }
  throw new Error(`expected ${where} to fail`);
}

describe('createCeqlPredicate', () => {
  it('should compare strings case-sensitively with = and !=', () => {
    expect(ids("Code = 'z1'")).toEqual([]);
    expect(ids("Code = 'Z1'")).toEqual(['d']);
    expect(ids("Code != '1'")).toEqual(['b', 'c', 'd']);
  });

  it('should order numbers and skip nulls in ordering comparisons', () => {
    expect(ids('Count < 7')).toEqual(['a']);
    expect(ids('Count <= 7')).toEqual(['a', 'd']);
    expect(ids('Count > 7')).toEqual(['b']);
    expect(ids('Count >= 3')).toEqual(['a', 'b', 'd']);
  });

  it('should compare date fields with ISO literals as dates', () => {
    expect(ids("ChangedOn >= '2026-01-01T00:00:00Z'")).toEqual(['a', 'd']);
    expect(ids("ChangedOn > '2026-01-01T00:00:00Z'")).toEqual(['a']);
    expect(ids("ChangedOn < '2026-01-01'")).toEqual(['b']);
    expect(ids("ChangedOn = '2026-01-01T01:00:00+01:00'")).toEqual(['d']);
    expect(ids("ChangedOn >= '2026-01-09T23:59:59.1234567Z'")).toEqual(['a']);
  });

  it('should compare date fields with epoch-millisecond numbers', () => {
    expect(ids(`ChangedOn = ${Date.parse('2026-01-01T00:00:00Z')}`)).toEqual(['d']);
  });

  it('should match LIKE case-insensitively with % and _', () => {
    expect(ids("Name.content LIKE '%FIRE'")).toEqual(['a']);
    expect(ids("Name.content LIKE 'printer_on%'")).toEqual(['a']);
    expect(ids("Name.content LIKE '%'")).toEqual(['a', 'b', 'd']);
    expect(ids("Name.content LIKE 'printer'")).toEqual([]);
  });

  it('should treat escaped % and _ as literal characters in LIKE', () => {
    expect(ids("Name.content LIKE '50\\%%'")).toEqual(['b']);
    expect(ids("Name.content LIKE '5_\\%%'")).toEqual(['b']);
    expect(ids("Name.content LIKE '%it''s\\_%'")).toEqual(['b']);
    expect(ids("Name.content LIKE '%s\\_b%'")).toEqual(['b']);
    expect(ids("Name.content LIKE '%n\\_o%'")).toEqual([]);
  });

  it('should match unicode text, with _ standing for one code point', () => {
    expect(ids("Name.content LIKE '%grüsse%'")).toEqual([]);
    expect(ids("Name.content LIKE 'GRÜSSE%'")).toEqual([]);
    expect(ids("Name.content LIKE 'grüße%'")).toEqual(['d']);
    expect(ids("Name.content LIKE '%München _'")).toEqual(['d']);
    expect(ids("Name.content = 'Grüße aus München 😀'")).toEqual(['d']);
  });

  it('should match IN lists, including null', () => {
    expect(ids("Code IN ('1', 'Z1')")).toEqual(['a', 'd']);
    expect(ids("Code IN ('2', null)")).toEqual(['b', 'c']);
    expect(ids('Count IN (3, 10)')).toEqual(['a', 'b']);
  });

  it('should handle IS NULL, IS NOT NULL and = null on nested fields', () => {
    expect(ids('Name.content IS NULL')).toEqual(['c']);
    expect(ids('Name.content IS NOT NULL')).toEqual(['a', 'b', 'd']);
    expect(ids('Code = null')).toEqual(['c']);
    expect(ids('Code != null')).toEqual(['a', 'b', 'd']);
  });

  it("should read a chain of != as NOT IN with nulls matching, as OData's ne does", () => {
    expect(ids("(Code != '1') AND (Code != '2')")).toEqual(['c', 'd']);
    expect(ids("((Code != '1') AND (Code != '2')) OR (Code = '1')")).toEqual(['a', 'c', 'd']);
    expect(ids("((Code != '2') AND (Count > 5)) AND (Name.content LIKE '%')")).toEqual(['d']);
  });

  it("should match > '' on every text that is there, never on null", () => {
    expect(ids("Code > ''")).toEqual(['a', 'b', 'd']);
    expect(ids("((Code != '1') AND (Code != '2')) AND (Code > '')")).toEqual(['d']);
    expect(ids("Code >= 'Z'")).toEqual(['d']);
  });

  it('should compare booleans', () => {
    expect(ids('Flag = true')).toEqual(['a', 'd']);
    expect(ids('Flag = FALSE')).toEqual(['b']);
  });

  it('should combine AND before OR and honour parentheses', () => {
    expect(ids("Code = '1' OR Code = '2' AND Count > 100")).toEqual(['a']);
    expect(ids("(Code = '1' OR Code = '2') AND Count > 5")).toEqual(['b']);
  });

  it('should never let a hostile value widen the match', () => {
    expect(ids("Code = '1'' OR ''1''=''1'")).toEqual([]);
    expect(ids("Name.content = 'x\\' OR Code = \\'1'")).toEqual([]);
  });

  it('should not hang on a pathological LIKE pattern', () => {
    const predicate = createCeqlPredicate(
      parseCeql(`Name.content LIKE '${'%a'.repeat(200)}%b'`),
      schema,
    );
    const started = Date.now();
    expect(predicate({ Name: { content: 'a'.repeat(2000) } })).toBe(false);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it.each([
    ["Foo = '1'", "unknown field 'Foo'"],
    ["Name.nope = '1'", "unknown field 'Name.nope'"],
    ["ChangedOn > 'yesterday'", 'expected an ISO 8601 date'],
    ["Count > 'many'", 'expected a number'],
    ["Count LIKE '1%'", 'LIKE needs a text field'],
    ['Code > null', 'null can only be compared'],
    ["Flag = 'yes'", 'expected true or false'],
  ])('should reject %j', (where, detail) => {
    const message = errorOf(where);
    expect(message).toMatch(/^Error parsing query: /);
    expect(message).toContain(detail);
  });
});
