// Words of a text with their places in it, and the lexemes the search index holds for them.
import { replaceLinks } from './markdown.ts';
import { normaliseWord, stem, STOP_WORDS } from './stem.ts';

export interface Token {
  /** Where the word starts and ends in the text (UTF-16 offsets, for slicing). */
  start: number;
  end: number;
  /** The word normalised (normaliseWord) and its stem. */
  word: string;
  stem: string;
}

// Letters with an apostrophe inside (м’яко, Мар'яна) are one word; digits are words of their own.
const WORD = /[\p{L}\p{M}]+(?:['’ʼ`´‘ʹ′"][\p{L}\p{M}]+)*|\d+/gu;
// Longer "words" are base64, hashes or junk: they help nobody find an article.
const MAX_WORD_LENGTH = 60;

/** The words of a text one by one, so that a caller can stop early. */
export function* tokens(text: string): Generator<Token> {
  for (const match of text.matchAll(WORD)) {
    if (match[0].length > MAX_WORD_LENGTH) continue;
    const word = normaliseWord(match[0]);
    if (word.length === 0 || STOP_WORDS.has(word)) continue;
    yield { start: match.index, end: match.index + match[0].length, word, stem: stem(word) };
  }
}

export function tokenize(text: string): Token[] {
  return Array.from(tokens(text));
}

/**
 * The lexemes of a text for the index, in order: each word's stem and, when it differs, the word
 * itself, so that an over-short stem on one side still meets the whole word on the other.
 */
export function lexemes(text: string): string[] {
  const out: string[] = [];
  for (const token of tokenize(text)) {
    out.push(token.stem);
    if (token.word !== token.stem) out.push(token.word);
  }
  return out;
}

/**
 * Markdown as plain reading text for excerpts: the markers go, the words stay, and a link keeps
 * its address in brackets, since the address is often what the operator needs to read out.
 */
export function markdownToPlain(markdown: string): string {
  const withoutFences = markdown.replace(/^ {0,3}(?:```|~~~)[^\n]*$/gm, ' ');
  const withoutImages = replaceLinks(withoutFences, { image: true, title: true }, (label) => label);
  return replaceLinks(withoutImages, { image: false, title: true }, (label, url) => (sameAddress(label, url) ? label : `${label} (${url})`))
    .replace(/^ {0,3}#{1,6}[ \t]+/gm, '')
    .replace(/^(?: {0,3}>[ \t]?)+/gm, '')
    .replace(/^[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+/gm, '')
    .replace(/^ {0,3}(?:[-*_][ \t]*){3,}$/gm, ' ')
    .replace(/\*\*|__|~~|\*|`/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** [court.gov.ua](https://court.gov.ua/) says its address once already. */
function sameAddress(label: string, url: string): boolean {
  // (?<!\/): the trailing slashes are tried once from the first of them, not from each one.
  const bare = (text: string) => text.trim().toLowerCase().replace(/^(?:https?:\/\/)?(?:www\.)?/, '').replace(/(?<!\/)\/+$/, '');
  return url === '' || bare(label) === bare(url);
}
