import type {
  CeqlComparisonOperator,
  CeqlExpression,
  CeqlLiteral,
  CeqlStringLiteral,
} from './ceql-ast.js';
import { CeqlError } from './ceql-error.js';
import { tokenizeCeql, type CeqlKeyword, type CeqlToken } from './ceql-lexer.js';

export const MAX_WHERE_LENGTH = 8192;
export const MAX_NESTING_DEPTH = 32;

/** Parses a CEQL `where` clause. AND binds tighter than OR; keywords are case-insensitive. */
export function parseCeql(input: string): CeqlExpression {
  if (input.length > MAX_WHERE_LENGTH) {
    throw new CeqlError(`where clause is longer than ${MAX_WHERE_LENGTH} characters`);
  }
  if (input.trim() === '') {
    throw new CeqlError('empty where clause');
  }
  return new CeqlParser(tokenizeCeql(input)).parseAll();
}

class CeqlParser {
  private index = 0;
  private depth = 0;

  constructor(private readonly tokens: CeqlToken[]) {}

  parseAll(): CeqlExpression {
    const expression = this.parseOr();
    const next = this.peek();
    if (next.kind !== 'end') {
      throw this.unexpected(next);
    }
    return expression;
  }

  private parseOr(): CeqlExpression {
    return this.parseChain('OR', () => this.parseAnd());
  }

  private parseAnd(): CeqlExpression {
    return this.parseChain('AND', () => this.parsePrimary());
  }

  private parseChain(keyword: 'AND' | 'OR', parseOperand: () => CeqlExpression): CeqlExpression {
    const operands = [parseOperand()];
    while (this.acceptKeyword(keyword)) {
      operands.push(parseOperand());
    }
    const [first] = operands;
    if (operands.length === 1 && first) {
      return first;
    }
    return { type: keyword === 'AND' ? 'and' : 'or', operands };
  }

  private parsePrimary(): CeqlExpression {
    const token = this.peek();
    if (token.kind === 'punctuation' && token.text === '(') {
      this.index++;
      if (++this.depth > MAX_NESTING_DEPTH) {
        throw new CeqlError(`parentheses nested deeper than ${MAX_NESTING_DEPTH} levels`);
      }
      const inner = this.parseOr();
      this.expectPunctuation(')');
      this.depth--;
      return inner;
    }
    return this.parseCondition();
  }

  private parseCondition(): CeqlExpression {
    const fieldToken = this.next();
    if (fieldToken.kind !== 'identifier') {
      throw this.unexpected(fieldToken, 'a field name');
    }
    const field = fieldToken.text;
    const token = this.next();
    if (token.kind === 'operator') {
      return {
        type: 'compare',
        field,
        operator: token.text as CeqlComparisonOperator,
        value: this.parseLiteral(),
      };
    }
    if (token.kind === 'keyword' && token.text === 'LIKE') {
      return { type: 'like', field, pattern: this.parseStringLiteral() };
    }
    if (token.kind === 'keyword' && token.text === 'IN') {
      return { type: 'in', field, values: this.parseList() };
    }
    if (token.kind === 'keyword' && token.text === 'IS') {
      const negated = this.acceptKeyword('NOT');
      this.expectKeyword('NULL');
      return { type: 'isNull', field, negated };
    }
    throw this.unexpected(token, 'an operator');
  }

  private parseList(): CeqlLiteral[] {
    this.expectPunctuation('(');
    const values = [this.parseLiteral()];
    while (this.acceptPunctuation(',')) {
      values.push(this.parseLiteral());
    }
    this.expectPunctuation(')');
    return values;
  }

  private parseLiteral(): CeqlLiteral {
    const token = this.next();
    if (token.kind === 'string') {
      return stringLiteral(token.text, token.escaped);
    }
    if (token.kind === 'number') {
      return { type: 'number', value: token.value };
    }
    if (token.kind === 'keyword' && token.text === 'NULL') {
      return { type: 'null' };
    }
    if (token.kind === 'keyword' && (token.text === 'TRUE' || token.text === 'FALSE')) {
      return { type: 'boolean', value: token.text === 'TRUE' };
    }
    throw this.unexpected(token, 'a value');
  }

  private parseStringLiteral(): CeqlStringLiteral {
    const token = this.next();
    if (token.kind !== 'string') {
      throw this.unexpected(token, 'a quoted pattern');
    }
    return stringLiteral(token.text, token.escaped);
  }

  private peek(): CeqlToken {
    return this.tokens[this.index] ?? { kind: 'end', position: Number.MAX_SAFE_INTEGER };
  }

  private next(): CeqlToken {
    const token = this.peek();
    if (token.kind !== 'end') {
      this.index++;
    }
    return token;
  }

  private acceptKeyword(keyword: CeqlKeyword): boolean {
    const token = this.peek();
    if (token.kind === 'keyword' && token.text === keyword) {
      this.index++;
      return true;
    }
    return false;
  }

  private expectKeyword(keyword: CeqlKeyword): void {
    if (!this.acceptKeyword(keyword)) {
      throw this.unexpected(this.peek(), keyword);
    }
  }

  private acceptPunctuation(text: '(' | ')' | ','): boolean {
    const token = this.peek();
    if (token.kind === 'punctuation' && token.text === text) {
      this.index++;
      return true;
    }
    return false;
  }

  private expectPunctuation(text: '(' | ')' | ','): void {
    if (!this.acceptPunctuation(text)) {
      throw this.unexpected(this.peek(), `'${text}'`);
    }
  }

  private unexpected(token: CeqlToken, expected?: string): CeqlError {
    const wanted = expected ? `, expected ${expected}` : '';
    if (token.kind === 'end') {
      return new CeqlError(`unexpected end of query${wanted}`);
    }
    return new CeqlError(`unexpected ${describe(token)} at position ${token.position}${wanted}`);
  }
}

function stringLiteral(value: string, escaped: number[]): CeqlStringLiteral {
  return escaped.length > 0 ? { type: 'string', value, escaped } : { type: 'string', value };
}

function describe(token: CeqlToken): string {
  if (token.kind === 'string') {
    return 'string literal';
  }
  if (token.kind === 'number') {
    return `number ${token.value}`;
  }
  return token.kind === 'end' ? 'end of query' : `'${token.text}'`;
}
