import type { CeqlStringLiteral } from './ceql-ast.js';

type LikeToken = { kind: 'any' } | { kind: 'one' } | { kind: 'char'; char: string };

export type LikeMatcher = (text: string) => boolean;

/**
 * Compiles a LIKE pattern (`%` any run, `_` one character, escaped ones literal) into a
 * case-insensitive matcher. Deliberately not a RegExp: `%a%a%a…` patterns would backtrack
 * exponentially, while this greedy wildcard walk stays O(pattern × text).
 */
export function compileLike(pattern: CeqlStringLiteral): LikeMatcher {
  const tokens = tokenize(pattern);
  return (text) =>
    matches(
      tokens,
      Array.from(text, (char) => char.toLowerCase()),
    );
}

function tokenize(pattern: CeqlStringLiteral): LikeToken[] {
  const escaped = new Set(pattern.escaped ?? []);
  const tokens: LikeToken[] = [];
  let offset = 0;
  for (const char of pattern.value) {
    const literal = escaped.has(offset);
    offset += char.length;
    if (!literal && char === '%') {
      if (tokens.at(-1)?.kind !== 'any') {
        tokens.push({ kind: 'any' });
      }
    } else if (!literal && char === '_') {
      tokens.push({ kind: 'one' });
    } else {
      tokens.push({ kind: 'char', char: char.toLowerCase() });
    }
  }
  return tokens;
}

function matches(tokens: LikeToken[], text: string[]): boolean {
  let t = 0;
  let p = 0;
  let starToken = -1;
  let starText = 0;
  while (t < text.length) {
    const token = tokens[p];
    if (token && (token.kind === 'one' || (token.kind === 'char' && token.char === text[t]))) {
      t++;
      p++;
    } else if (token?.kind === 'any') {
      starToken = p++;
      starText = t;
    } else if (starToken >= 0) {
      p = starToken + 1;
      t = ++starText;
    } else {
      return false;
    }
  }
  while (tokens[p]?.kind === 'any') {
    p++;
  }
  return p === tokens.length;
}
