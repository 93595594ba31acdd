import { CeqlError } from './ceql-error.js';
import { MAX_NESTING_DEPTH, MAX_WHERE_LENGTH, parseCeql } from './ceql-parser.js';

function parseError(input: string): string {
  try {
    parseCeql(input);
  } catch (error) {
    if (error instanceof CeqlError) {
      return error.message;
    }
    throw error;
  }
  throw new Error(`expected ${input} to fail`);
}

describe('parseCeql', () => {
  it.each(['=', '!=', '<', '>', '<=', '>='] as const)(
    'should parse the %s comparison',
    (operator) => {
      expect(parseCeql(`ChangedOn ${operator} 5`)).toEqual({
        type: 'compare',
        field: 'ChangedOn',
        operator,
        value: { type: 'number', value: 5 },
      });
    },
  );

  it('should parse comparisons written without spaces', () => {
    expect(parseCeql("ChangedOn>='2026-01-01T00:00:00Z'")).toEqual({
      type: 'compare',
      field: 'ChangedOn',
      operator: '>=',
      value: { type: 'string', value: '2026-01-01T00:00:00Z' },
    });
  });

  it('should parse LIKE, IN, IS NULL and IS NOT NULL with case-insensitive keywords', () => {
    expect(parseCeql("AccountName like 'A%'")).toEqual({
      type: 'like',
      field: 'AccountName',
      pattern: { type: 'string', value: 'A%' },
    });
    expect(parseCeql("Code In ('1', 2, null, TRUE)")).toEqual({
      type: 'in',
      field: 'Code',
      values: [
        { type: 'string', value: '1' },
        { type: 'number', value: 2 },
        { type: 'null' },
        { type: 'boolean', value: true },
      ],
    });
    expect(parseCeql('AssignedTo is null')).toEqual({
      type: 'isNull',
      field: 'AssignedTo',
      negated: false,
    });
    expect(parseCeql('AssignedTo IS not NULL')).toEqual({
      type: 'isNull',
      field: 'AssignedTo',
      negated: true,
    });
  });

  it('should let AND bind tighter than OR', () => {
    const ast = parseCeql("a = '1' OR b = '2' and c = '3'");
    expect(ast).toMatchObject({
      type: 'or',
      operands: [
        { type: 'compare', field: 'a' },
        { type: 'and', operands: [{ field: 'b' }, { field: 'c' }] },
      ],
    });
  });

  it('should let parentheses override precedence', () => {
    const ast = parseCeql("(a = '1' OR b = '2') AND c = '3'");
    expect(ast).toMatchObject({
      type: 'and',
      operands: [{ type: 'or', operands: [{ field: 'a' }, { field: 'b' }] }, { field: 'c' }],
    });
  });

  it('should read nested and backtick-quoted field names', () => {
    expect(parseCeql("Name.content = 'x'")).toMatchObject({ field: 'Name.content' });
    expect(parseCeql("`Odd Field-Name` = 'x'")).toMatchObject({ field: 'Odd Field-Name' });
  });

  it("should read '' as one quote and a backslash as an escape", () => {
    expect(parseCeql("a = 'it''s'")).toMatchObject({ value: { value: "it's" } });
    expect(parseCeql("a = 'it\\'s'")).toMatchObject({ value: { value: "it's", escaped: [2] } });
    expect(parseCeql("a = 'back\\\\slash'")).toMatchObject({ value: { value: 'back\\slash' } });
  });

  it('should keep a hostile value as one string literal', () => {
    const ast = parseCeql("Name.content = 'x'' OR ''1''=''1'");
    expect(ast).toEqual({
      type: 'compare',
      field: 'Name.content',
      operator: '=',
      value: { type: 'string', value: "x' OR '1'='1" },
    });
  });

  it('should keep unicode text intact', () => {
    expect(parseCeql("Name.content = 'Grüße 😀 日本'")).toMatchObject({
      value: { value: 'Grüße 😀 日本' },
    });
  });

  it('should parse negative and decimal numbers', () => {
    expect(parseCeql('n > -1.5e2')).toMatchObject({ value: { type: 'number', value: -150 } });
  });

  it.each([
    ["a = 'open", 'unterminated string literal'],
    ["a = 'x' b", "unexpected 'b'"],
    ['()', "unexpected ')'"],
    ["a = 'x' AND", 'unexpected end of query'],
    ['a IN ()', "unexpected ')'"],
    ["a = 'x')", "unexpected ')'"],
    ["(a = 'x'", "expected ')'"],
    ["a == 'x'", "unexpected '='"],
    ["a = 'x'; DROP TABLE", "unexpected character ';'"],
    ['a IS NOT', 'expected NULL'],
    ["'x' = a", 'expected a field name'],
    ['a LIKE 5', 'expected a quoted pattern'],
    ["a = 'x\\", 'unterminated string literal'],
    ['`a = 1', 'unterminated quoted field name'],
    ['   ', 'empty where clause'],
  ])('should reject %j', (input, detail) => {
    const message = parseError(input);
    expect(message).toMatch(/^Error parsing query: /);
    expect(message).toContain(detail);
  });

  it('should reject a where clause over the length limit', () => {
    const input = `a = '${'x'.repeat(MAX_WHERE_LENGTH)}'`;
    expect(parseError(input)).toContain(`longer than ${MAX_WHERE_LENGTH}`);
  });

  it('should accept nesting up to the limit and reject deeper nesting', () => {
    const nested = (depth: number): string => `${'('.repeat(depth)}a = 1${')'.repeat(depth)}`;
    expect(parseCeql(nested(MAX_NESTING_DEPTH))).toMatchObject({ type: 'compare' });
    expect(parseError(nested(MAX_NESTING_DEPTH + 1))).toContain('nested deeper');
  });

  it('should parse a long flat OR chain without deep recursion', () => {
    const input = Array.from({ length: 500 }, (_, i) => `a = ${i}`).join(' OR ');
    const ast = parseCeql(input);
    expect(ast.type === 'or' && ast.operands.length).toBe(500);
  });
});
