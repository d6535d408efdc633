// A light "is this the same matter again?" check for the operator's repeat hint. Ukrainian inflects
// word endings, so words are compared by their first five letters; good enough for a hint, which
// the operator judges, never for merging.

const STEM_LENGTH = 5;
const MIN_WORD_LENGTH = 3;
export const SIMILARITY_THRESHOLD = 0.25;

// Words that say nothing about the matter.
const STOP_WORDS = new Set(['щодо', 'який', 'яка', 'яке', 'які', 'мене', 'мені', 'моєї', 'мого', 'моя', 'мій', 'про', 'для', 'або', 'але', 'що', 'чому', 'коли', 'хочу', 'прошу', 'будь', 'ласка', 'також', 'було', 'буде', 'цього', 'цей', 'ця', 'свою', 'своє', 'його', 'її', 'вже']);

export function stems(text: string): Set<string> {
  const words = text
    .toLowerCase()
    .replace(/['’ʼ`]/g, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length >= MIN_WORD_LENGTH && !STOP_WORDS.has(w));
  return new Set(words.map((w) => w.slice(0, STEM_LENGTH)));
}

/** Jaccard similarity of the two texts' word stems, 0..1. */
export function similarity(a: string, b: string): number {
  const left = stems(a);
  const right = stems(b);
  if (left.size === 0 || right.size === 0) return 0;
  let shared = 0;
  for (const stem of left) if (right.has(stem)) shared++;
  return shared / (left.size + right.size - shared);
}
