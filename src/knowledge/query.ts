// What the operator typed, as search terms, and the tsquery text the database runs for them.
import { tokenize, type Token } from './text.ts';

export interface QueryTerm {
  word: string;
  stem: string;
}

/** What one query term matches: these lexemes exactly, or any lexeme starting with one of `prefixes`. */
export interface TermPattern {
  exact: string[];
  prefixes: string[];
}

/** More words than this say nothing more; the rest are ignored. */
export const MAX_TERMS = 10;
/** Shorter stems match only exactly: «стан» should not find every «стандарт», nor «суд» every «суддя». */
export const MIN_PREFIX_LENGTH = 5;

export function parseQuery(text: string): QueryTerm[] {
  const terms: QueryTerm[] = [];
  for (const token of tokenize(text)) {
    if (terms.some((term) => term.stem === token.stem)) continue;
    terms.push({ word: token.word, stem: token.stem });
    if (terms.length === MAX_TERMS) break;
  }
  return terms;
}

/** The pattern of a term as typed: its stem or whole word, or (long enough) any word the stem begins. */
export function typedPattern(term: QueryTerm): TermPattern {
  return {
    exact: [...new Set([term.stem, term.word])],
    prefixes: Array.from(term.stem).length >= MIN_PREFIX_LENGTH ? [term.stem] : [],
  };
}

export function matchesToken(pattern: TermPattern, token: Token): boolean {
  return pattern.exact.includes(token.stem) || pattern.exact.includes(token.word)
    || pattern.prefixes.some((prefix) => token.stem.startsWith(prefix) || token.word.startsWith(prefix));
}

// Lexemes are letters or digits only, but quoting stays correct for anything.
function quote(lexeme: string): string {
  return `'${lexeme.replace(/\\/g, '\\\\').replace(/'/g, '\'\'')}'`;
}

/** tsquery text matching the pattern's exact lexemes only. */
export function exactQuery(pattern: TermPattern): string {
  return pattern.exact.map(quote).join(' | ');
}

/** tsquery text matching the pattern in full: exact lexemes and prefixes. */
export function fullQuery(pattern: TermPattern): string {
  return [...pattern.exact.map(quote), ...pattern.prefixes.map((prefix) => `${quote(prefix)}:*`)].join(' | ');
}

/** Every pattern must match (`&`), or any one (`|`). */
export function combinedQuery(patterns: TermPattern[], operator: '&' | '|'): string {
  return patterns.map((pattern) => `(${fullQuery(pattern)})`).join(` ${operator} `);
}
