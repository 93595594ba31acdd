import type { CeqlComparisonOperator, CeqlExpression, CeqlLiteral } from './ceql-ast.js';
import { CeqlError } from './ceql-error.js';
import { fieldReader, parseIsoDate, type CeqlFieldKind, type CeqlSchema } from './ceql-schema.js';
import { compileLike } from './like-matcher.js';

export type CeqlPredicate = (record: unknown) => boolean;
type Scalar = string | number | boolean | null;

/**
 * Checks the expression against the schema (unknown fields, literals that do not fit the
 * field) and returns a predicate. Null handling follows OData, which sapc4chd translates to:
 * `null != 'x'` is true, ordering comparisons with null are false.
 */
export function createCeqlPredicate(expression: CeqlExpression, schema: CeqlSchema): CeqlPredicate {
  switch (expression.type) {
    case 'and': {
      const operands = expression.operands.map((operand) => createCeqlPredicate(operand, schema));
      return (record) => operands.every((operand) => operand(record));
    }
    case 'or': {
      const operands = expression.operands.map((operand) => createCeqlPredicate(operand, schema));
      return (record) => operands.some((operand) => operand(record));
    }
    case 'isNull': {
      const read = scalarReader(expression.field, schema);
      return (record) => (read(record) === null) !== expression.negated;
    }
    case 'like': {
      const read = scalarReader(expression.field, schema);
      if (schema.get(expression.field) !== 'string') {
        throw new CeqlError(`LIKE needs a text field, '${expression.field}' is not one`);
      }
      const matches = compileLike(expression.pattern);
      return (record) => {
        const value = read(record);
        return typeof value === 'string' && matches(value);
      };
    }
    case 'in': {
      const read = scalarReader(expression.field, schema);
      const kind = kindOf(expression.field, schema);
      const values = expression.values.map((literal) => coerceLiteral(literal, kind));
      return (record) => {
        const value = read(record);
        return values.some((candidate) => candidate === value);
      };
    }
    case 'compare': {
      const read = scalarReader(expression.field, schema);
      const literal = coerceLiteral(expression.value, kindOf(expression.field, schema));
      return comparison(read, expression.operator, literal);
    }
  }
}

function comparison(
  read: (record: unknown) => Scalar,
  operator: CeqlComparisonOperator,
  literal: Scalar,
): CeqlPredicate {
  if (literal === null) {
    if (operator !== '=' && operator !== '!=') {
      throw new CeqlError(`null can only be compared with = or !=`);
    }
    return (record) => (read(record) === null) === (operator === '=');
  }
  switch (operator) {
    case '=':
      return (record) => read(record) === literal;
    case '!=':
      return (record) => read(record) !== literal;
    case '<':
      return (record) => ordered(read(record), literal, (order) => order < 0);
    case '>':
      return (record) => ordered(read(record), literal, (order) => order > 0);
    case '<=':
      return (record) => ordered(read(record), literal, (order) => order <= 0);
    case '>=':
      return (record) => ordered(read(record), literal, (order) => order >= 0);
  }
}

function ordered(value: Scalar, literal: Scalar, test: (order: number) => boolean): boolean {
  if (value === null || literal === null || typeof value !== typeof literal) {
    return false;
  }
  return test(value < literal ? -1 : value > literal ? 1 : 0);
}

function kindOf(field: string, schema: CeqlSchema): CeqlFieldKind {
  const kind = schema.get(field);
  if (!kind) {
    throw new CeqlError(`unknown field '${field}'`);
  }
  return kind;
}

function scalarReader(field: string, schema: CeqlSchema): (record: unknown) => Scalar {
  const kind = kindOf(field, schema);
  const read = fieldReader(field);
  return (record) => normalize(read(record), kind);
}

function normalize(value: unknown, kind: CeqlFieldKind): Scalar {
  if (value === null || value === undefined) {
    return null;
  }
  if (kind === 'string') {
    return typeof value === 'string' ? value : JSON.stringify(value);
  }
  return typeof value === 'number' || typeof value === 'boolean' ? value : null;
}

function coerceLiteral(literal: CeqlLiteral, kind: CeqlFieldKind): Scalar {
  if (literal.type === 'null') {
    return null;
  }
  switch (kind) {
    case 'string':
      return String(literal.value);
    case 'boolean':
      if (literal.type === 'boolean') {
        return literal.value;
      }
      throw new CeqlError(`expected true or false, got ${JSON.stringify(literal.value)}`);
    case 'number':
    case 'date': {
      const value =
        literal.type === 'string' && kind === 'date' ? parseIsoDate(literal.value) : literal.value;
      if (typeof value !== 'number' || Number.isNaN(value)) {
        const expected = kind === 'date' ? 'an ISO 8601 date' : 'a number';
        throw new CeqlError(`expected ${expected}, got ${JSON.stringify(literal.value)}`);
      }
      return value;
    }
  }
}
