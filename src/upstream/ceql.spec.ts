import { Ceql, literal } from './ceql.js';

describe(Ceql.name, () => {
  it('should quote and escape values in comparisons', () => {
    expect(Ceql.eq('CustomerID', "O'Brien").text).toBe("CustomerID = 'O''Brien'");
    expect(Ceql.gte('ChangedOn', '2026-01-01T00:00:00Z').text).toBe(
      "ChangedOn >= '2026-01-01T00:00:00Z'",
    );
  });

  it.each<[string, string]>([
    ["x' OR '1'='1", "'x'' OR ''1''=''1'"],
    ['back\\slash', "'back\\\\slash'"],
    ["\\'", "'\\\\'''"],
    ['', "''"],
    ['ünïcødé 😀 中文', "'ünïcødé 😀 中文'"],
    ['line\nbreak\ttab', "'line\nbreak\ttab'"],
    ['`backtick` (paren) AND', "'`backtick` (paren) AND'"],
  ])('should make %j one literal', (value, expected) => {
    expect(literal(value)).toBe(expected);
  });

  it('should keep every quote inside the literal, so the clause has exactly its two delimiters', () => {
    const hostile = "a'b''c\\'d'";
    const clause = Ceql.eq('Name.content', hostile).text;
    const body = clause.slice("Name.content = '".length, -1);
    expect(body.replace(/''/g, '').replace(/\\\\/g, '')).not.toMatch(/'/);
  });

  it('should escape LIKE wildcards in contains', () => {
    expect(Ceql.contains('Name.content', '50%_off').text).toBe("Name.content LIKE '%50\\%\\_off%'");
    expect(Ceql.contains('Name.content', "it's").text).toBe("Name.content LIKE '%it''s%'");
  });

  it('should handle very long values without changing them', () => {
    const long = 'x'.repeat(10_000);
    expect(Ceql.eq('Email', long).text).toBe(`Email = '${long}'`);
  });

  it('should build IN lists and collapse a single value to equality', () => {
    expect(Ceql.in('ServicePriorityCode', ['1', "2'"]).text).toBe(
      "ServicePriorityCode IN ('1', '2''')",
    );
    expect(Ceql.in('ServicePriorityCode', ['3']).text).toBe("ServicePriorityCode = '3'");
    expect(() => Ceql.in('ServicePriorityCode', [])).toThrow();
  });

  it('should build != and a chain of them for none of several values, CEQL having no NOT IN', () => {
    expect(Ceql.ne('TypeCode', "a'b").text).toBe("TypeCode != 'a''b'");
    expect(Ceql.noneOf('TypeCode', ['1']).text).toBe("TypeCode != '1'");
    expect(Ceql.noneOf('TypeCode', ['1', '2', '3']).text).toBe(
      "(TypeCode != '1') AND (TypeCode != '2') AND (TypeCode != '3')",
    );
    expect(() => Ceql.noneOf('TypeCode', [])).toThrow();
  });

  it("should test for a value being there with > ''", () => {
    expect(Ceql.hasText('ServicePriorityCode').text).toBe("ServicePriorityCode > ''");
  });

  describe(Ceql.oneOfOrUnlisted.name, () => {
    const known = ['1', '2', '3', '4'];
    const filter = (codes: string[], orUnlisted: boolean, missingIsUnlisted = false) =>
      Ceql.oneOfOrUnlisted('S', { codes, orUnlisted, known, missingIsUnlisted })?.text;

    it('should be a plain IN list without the catch-all', () => {
      expect(filter(['1', 'Z1', '1'], false)).toBe("S IN ('1', 'Z1')");
      expect(filter(['2'], false)).toBe("S = '2'");
    });

    it('should leave out the known codes not asked for, and missing values unless they count', () => {
      expect(filter([], true)).toBe(
        "((S != '1') AND (S != '2') AND (S != '3') AND (S != '4')) AND (S > '')",
      );
      expect(filter([], true, true)).toBe(
        "(S != '1') AND (S != '2') AND (S != '3') AND (S != '4')",
      );
    });

    it('should take asked-for known codes out of the exclusions and let unlisted codes be implied', () => {
      expect(filter(['1', 'Z1', "x'"], true)).toBe(
        "((S != '2') AND (S != '3') AND (S != '4')) AND (S > '')",
      );
      expect(filter(['1', '2', '3'], true, true)).toBe("S != '4'");
    });

    it('should leave out nothing when every known code and the catch-all are asked for', () => {
      expect(filter(known, true)).toBe("S > ''");
      expect(filter(known, true, true)).toBeUndefined();
    });

    it('should still quote every code it names', () => {
      const hostile = Ceql.oneOfOrUnlisted('S', {
        codes: [],
        orUnlisted: true,
        known: ["' OR '1'='1"],
        missingIsUnlisted: true,
      });
      expect(hostile?.text).toBe("S != ''' OR ''1''=''1'");
    });
  });

  it('should parenthesise AND and OR parts and skip missing ones', () => {
    const clause = Ceql.and(
      Ceql.eq('A', '1'),
      undefined,
      Ceql.or(Ceql.eq('B', '2'), Ceql.eq('C', '3')),
    );
    expect(clause?.text).toBe("(A = '1') AND ((B = '2') OR (C = '3'))");
    expect(Ceql.and(undefined, Ceql.eq('A', '1'))?.text).toBe("A = '1'");
    expect(Ceql.and()).toBeUndefined();
  });

  it('should refuse field names that are not plain identifiers', () => {
    expect(() => Ceql.eq("A' OR 1=1 --", 'x')).toThrow(/Not a CEQL field name/);
    expect(() => Ceql.eq('', 'x')).toThrow();
  });
});
