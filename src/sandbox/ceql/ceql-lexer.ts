import { CeqlError } from './ceql-error.js';

export type CeqlToken =
  | { kind: 'identifier'; text: string; position: number }
  | { kind: 'keyword'; text: CeqlKeyword; position: number }
  | { kind: 'string'; text: string; escaped: number[]; position: number }
  | { kind: 'number'; value: number; position: number }
  | { kind: 'operator'; text: string; position: number }
  | { kind: 'punctuation'; text: '(' | ')' | ','; position: number }
  | { kind: 'end'; position: number };

const KEYWORDS = ['AND', 'OR', 'NOT', 'LIKE', 'IN', 'IS', 'NULL', 'TRUE', 'FALSE'] as const;
export type CeqlKeyword = (typeof KEYWORDS)[number];

const IDENTIFIER = /[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*/y;
const NUMBER = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const OPERATOR = /!=|<=|>=|=|<|>/y;

function isKeyword(word: string): word is CeqlKeyword {
  return (KEYWORDS as readonly string[]).includes(word);
}

export function tokenizeCeql(input: string): CeqlToken[] {
  const tokens: CeqlToken[] = [];
  let position = 0;
  while (position < input.length) {
    const char = input.charAt(position);
    if (/\s/.test(char)) {
      position++;
    } else if (char === '(' || char === ')' || char === ',') {
      tokens.push({ kind: 'punctuation', text: char, position });
      position++;
    } else if (char === "'") {
      const literal = readString(input, position);
      tokens.push({ ...literal, kind: 'string', position });
      position = literal.end;
    } else if (char === '`') {
      const end = input.indexOf('`', position + 1);
      if (end < 0) {
        throw new CeqlError(`unterminated quoted field name at position ${position}`);
      }
      const text = input.slice(position + 1, end);
      if (text.trim() === '') {
        throw new CeqlError(`empty quoted field name at position ${position}`);
      }
      tokens.push({ kind: 'identifier', text, position });
      position = end + 1;
    } else {
      position = readWord(input, position, tokens);
    }
  }
  tokens.push({ kind: 'end', position });
  return tokens;
}

function readWord(input: string, position: number, tokens: CeqlToken[]): number {
  for (const [pattern, make] of [
    [NUMBER, (text: string): CeqlToken => ({ kind: 'number', value: Number(text), position })],
    [OPERATOR, (text: string): CeqlToken => ({ kind: 'operator', text, position })],
    [IDENTIFIER, (text: string): CeqlToken => identifierOrKeyword(text, position)],
  ] as const) {
    pattern.lastIndex = position;
    const match = pattern.exec(input);
    if (match) {
      tokens.push(make(match[0]));
      return position + match[0].length;
    }
  }
  throw new CeqlError(`unexpected character '${input.charAt(position)}' at position ${position}`);
}

function identifierOrKeyword(text: string, position: number): CeqlToken {
  const upper = text.toUpperCase();
  return isKeyword(upper)
    ? { kind: 'keyword', text: upper, position }
    : { kind: 'identifier', text, position };
}

/** `''` is one quote; a backslash takes the next character literally (so `\%` is no wildcard). */
function readString(
  input: string,
  start: number,
): { text: string; escaped: number[]; end: number } {
  let text = '';
  const escaped: number[] = [];
  let position = start + 1;
  while (position < input.length) {
    const char = input.charAt(position);
    if (char === '\\') {
      if (position + 1 >= input.length) {
        break;
      }
      escaped.push(text.length);
      text += input.charAt(position + 1);
      position += 2;
    } else if (char === "'") {
      if (input.charAt(position + 1) !== "'") {
        return { text, escaped, end: position + 1 };
      }
      text += "'";
      position += 2;
    } else {
      text += char;
      position++;
    }
  }
  throw new CeqlError(`unterminated string literal starting at position ${start}`);
}
