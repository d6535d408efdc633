// Highlights as data, not markup: text in segments, each marked as a match or not. A browser shows
// them as text nodes, so an article can never inject HTML through its highlights.
import { matchesToken, type TermPattern } from './query.ts';
import { tokenize, tokens, type Token } from './text.ts';

export interface Segment {
  text: string;
  match: boolean;
}

/** Characters of context shown before the first match, and the length of an excerpt. */
const LEAD = 60;
export const EXCERPT_LENGTH = 260;
const ELLIPSIS = '…';

function matched(tokens: Token[], patterns: TermPattern[]): Token[] {
  return tokens.filter((token) => patterns.some((pattern) => matchesToken(pattern, token)));
}

/** Splits text[from, to) into plain and matched segments; adjacent plain text is merged. */
function segments(text: string, from: number, to: number, matches: Token[]): Segment[] {
  const out: Segment[] = [];
  const push = (piece: string, match: boolean) => {
    if (piece.length === 0) return;
    const last = out.at(-1);
    if (last && last.match === match && !match) last.text += piece;
    else out.push({ text: piece, match });
  };
  let at = from;
  for (const token of matches) {
    if (token.start < from || token.end > to) continue;
    push(text.slice(at, token.start), false);
    push(text.slice(token.start, token.end), true);
    at = token.end;
  }
  push(text.slice(at, to), false);
  return out;
}

/** The whole text (a title) with its matching words marked. */
export function highlight(text: string, patterns: TermPattern[]): Segment[] {
  return segments(text, 0, text.length, matched(tokenize(text), patterns));
}

/**
 * About EXCERPT_LENGTH characters of plain text around the first matching word (or its beginning
 * when nothing matches), cut at spaces, with … where text was left out. Reads the text only as far
 * as the excerpt needs, since an article may be long.
 */
export function excerpt(text: string, patterns: TermPattern[]): Segment[] {
  const isMatch = (token: Token) => patterns.some((pattern) => matchesToken(pattern, token));
  // Stepped by hand: leaving a for…of loop would close the generator before the second pass.
  const words = tokens(text);
  let first: Token | undefined;
  for (let step = words.next(); !step.done; step = words.next()) {
    if (isMatch(step.value)) {
      first = step.value;
      break;
    }
  }
  let start = 0;
  if (first && first.end > EXCERPT_LENGTH - LEAD) {
    start = Math.max(0, first.start - LEAD);
    const space = text.indexOf(' ', start);
    start = space === -1 || space >= first.start ? first.start : space + 1;
  }
  let end = Math.min(text.length, start + EXCERPT_LENGTH);
  if (end < text.length) {
    const space = text.lastIndexOf(' ', end);
    if (space > start + EXCERPT_LENGTH / 2) end = space;
  }
  const matches = first ? [first] : [];
  if (first) {
    for (let step = words.next(); !step.done && step.value.start < end; step = words.next()) {
      if (isMatch(step.value)) matches.push(step.value);
    }
  }
  const out = segments(text, start, end, matches);
  if (start > 0) out.unshift({ text: ELLIPSIS, match: false });
  if (end < text.length) out.push({ text: ELLIPSIS, match: false });
  return mergePlain(out);
}

function mergePlain(list: Segment[]): Segment[] {
  const out: Segment[] = [];
  for (const segment of list) {
    const last = out.at(-1);
    if (last && !last.match && !segment.match) last.text += segment.text;
    else out.push({ ...segment });
  }
  return out;
}
