/**
 * The one builder of CEQL `where` clauses. Field names come from code and are checked; every value
 * is a quoted, escaped literal, so no caller input can change the shape of a clause.
 */
export class Ceql {
  private constructor(readonly text: string) {}

  static eq(field: string, value: string): Ceql {
    return Ceql.compare(field, '=', value);
  }

  static ne(field: string, value: string): Ceql {
    return Ceql.compare(field, '!=', value);
  }

  static gte(field: string, value: string): Ceql {
    return Ceql.compare(field, '>=', value);
  }

  static lte(field: string, value: string): Ceql {
    return Ceql.compare(field, '<=', value);
  }

  /** Case-insensitive "contains": `%`, `_` and `\` in the value are matched literally. */
  static contains(field: string, value: string): Ceql {
    return new Ceql(`${checkedField(field)} LIKE '%${escapeLike(value)}%'`);
  }

  static in(field: string, values: readonly string[]): Ceql {
    if (values.length === 0) {
      throw new Error('Ceql.in needs at least one value');
    }
    if (values.length === 1) {
      return Ceql.eq(field, values[0] as string);
    }
    return new Ceql(`${checkedField(field)} IN (${values.map(literal).join(', ')})`);
  }

  /**
   * `field` equals none of `values`. CEQL has no `NOT IN`, so this is a chain of `!=`. As in OData
   * (which sapc4chd translates to), a record without the field matches `!=`.
   */
  static noneOf(field: string, values: readonly string[]): Ceql {
    if (values.length === 0) {
      throw new Error('Ceql.noneOf needs at least one value');
    }
    return Ceql.and(...values.map((value) => Ceql.ne(field, value))) as Ceql;
  }

  /**
   * `field` holds a non-empty text: `field > ''`. CEQL documents `IS NULL` but no negation of it;
   * an ordering comparison is false for a missing value (as in OData), so this one is true exactly
   * for the values that are there.
   */
  static hasText(field: string): Ceql {
    return Ceql.compare(field, '>', '');
  }

  /**
   * A code filter where one value may stand for "any code outside `known`" (a catch-all such as
   * the `unknown` status category or the comment type `other`): `field` is one of `codes`, or, with
   * `orUnlisted`, any value but the known codes not asked for. So `1, Z1` plus the catch-all over
   * known `1 2 3 4` is `field != '2' AND field != '3' AND field != '4'` (Z1 is implied), and then
   * `AND field > ''` unless a missing value counts as unlisted too (`!=` alone matches one).
   * Undefined when that leaves nothing out.
   */
  static oneOfOrUnlisted(
    field: string,
    filter: {
      codes: readonly string[];
      orUnlisted: boolean;
      known: readonly string[];
      missingIsUnlisted: boolean;
    },
  ): Ceql | undefined {
    const codes = [...new Set(filter.codes)];
    if (!filter.orUnlisted) {
      return Ceql.in(field, codes);
    }
    const excluded = [...new Set(filter.known)].filter((code) => !codes.includes(code));
    return Ceql.and(
      excluded.length === 0 ? undefined : Ceql.noneOf(field, excluded),
      filter.missingIsUnlisted ? undefined : Ceql.hasText(field),
    );
  }

  static and(...parts: (Ceql | undefined)[]): Ceql | undefined {
    return Ceql.join('AND', parts);
  }

  static or(...parts: (Ceql | undefined)[]): Ceql | undefined {
    return Ceql.join('OR', parts);
  }

  private static compare(field: string, operator: string, value: string): Ceql {
    return new Ceql(`${checkedField(field)} ${operator} ${literal(value)}`);
  }

  private static join(operator: 'AND' | 'OR', parts: (Ceql | undefined)[]): Ceql | undefined {
    const present = parts.filter((p): p is Ceql => p !== undefined);
    if (present.length <= 1) {
      return present[0];
    }
    return new Ceql(present.map((p) => `(${p.text})`).join(` ${operator} `));
  }
}

const FIELD = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;

function checkedField(field: string): string {
  if (!FIELD.test(field)) {
    throw new Error(`Not a CEQL field name: ${field}`);
  }
  return field;
}

/** A single-quoted literal: `''` for a quote (as in OData), a backslash before a backslash. */
export function literal(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

function escapeLike(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/'/g, "''").replace(/%/g, '\\%').replace(/_/g, '\\_');
}
