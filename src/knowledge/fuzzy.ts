// Typo tolerance (H2): when a typed word is not in the knowledge base's vocabulary, the nearest
// words that are take its place. Pure functions over the vocabulary the search hands in.

/**
 * Edit distance with adjacent transpositions (optimal string alignment): one wrong, missing, extra
 * or swapped letter costs 1. Stops early and returns `max + 1` once the distance must exceed `max`.
 */
export function editDistance(a: string, b: string, max: number): number {
  const s = Array.from(a);
  const t = Array.from(b);
  if (Math.abs(s.length - t.length) > max) return max + 1;
  let before = new Array<number>(t.length + 1).fill(0);
  let previous = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const current = new Array<number>(t.length + 1).fill(0);
    current[0] = i;
    let rowMin = current[0];
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      let value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) value = Math.min(value, before[j - 2]! + 1);
      current[j] = value;
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin > max) return max + 1;
    before = previous;
    previous = current;
  }
  return Math.min(previous[t.length]!, max + 1);
}

/** How many typos a word of this length may carry and still be recognised. */
export function allowedEdits(length: number): number {
  if (length < 4) return 0;
  return length < 8 ? 1 : 2;
}

/** At most this many vocabulary words stand in for one typed word. */
export const MAX_CORRECTIONS = 6;

/**
 * The vocabulary words nearest to a typed word (compared by its stem and by the whole word, each
 * within the edits its length allows): all those at the smallest distance found, closest first.
 */
export function corrections(stem: string, word: string, vocabulary: Iterable<string>): string[] {
  const found: { term: string; distance: number }[] = [];
  const stemMax = allowedEdits(Array.from(stem).length);
  const wordMax = allowedEdits(Array.from(word).length);
  if (stemMax === 0 && wordMax === 0) return [];
  for (const term of vocabulary) {
    const byStem = stemMax > 0 ? editDistance(stem, term, stemMax) : Infinity;
    const byWord = wordMax > 0 ? editDistance(word, term, wordMax) : Infinity;
    const distance = Math.min(byStem <= stemMax ? byStem : Infinity, byWord <= wordMax ? byWord : Infinity);
    if (distance !== Infinity) found.push({ term, distance });
  }
  if (found.length === 0) return [];
  const best = Math.min(...found.map((f) => f.distance));
  const nearest = found.filter((f) => f.distance === best);
  // Typos in the first letter are the rarest: when some candidates keep it, those are meant.
  const sameStart = nearest.filter((f) => f.term[0] === stem[0]);
  return (sameStart.length > 0 ? sameStart : nearest)
    .sort((x, y) => Math.abs(x.term.length - stem.length) - Math.abs(y.term.length - stem.length) || (x.term < y.term ? -1 : 1))
    .slice(0, MAX_CORRECTIONS)
    .map((f) => f.term);
}
