export interface CeqlStringLiteral {
  type: 'string';
  value: string;
  /** UTF-16 offsets in `value` of characters written with a backslash escape (literal in LIKE). */
  escaped?: number[];
}

export type CeqlLiteral =
  | CeqlStringLiteral
  | { type: 'number'; value: number }
  | { type: 'boolean'; value: boolean }
  | { type: 'null' };

export type CeqlComparisonOperator = '=' | '!=' | '<' | '>' | '<=' | '>=';

export type CeqlExpression =
  | { type: 'and' | 'or'; operands: CeqlExpression[] }
  | { type: 'compare'; field: string; operator: CeqlComparisonOperator; value: CeqlLiteral }
  | { type: 'like'; field: string; pattern: CeqlStringLiteral }
  | { type: 'in'; field: string; values: CeqlLiteral[] }
  | { type: 'isNull'; field: string; negated: boolean };
