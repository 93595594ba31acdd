/**
 * The one builder of CEQL `where` clauses. Field names come from code and are checked; every value
 * is a quoted, escaped literal, so no caller input can change the shape of a clause.
 */
export class Ceql {
  private constructor(readonly text: string) {}

  static eq(field: string, value: string): Ceql {
    return Ceql.compare(field, '=', value);
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
