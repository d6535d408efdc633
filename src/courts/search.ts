// How the directory is searched and paged. The folding itself (case, ґ/г, apostrophes, Latin
// lookalikes) is one SQL function, uk_search_fold (migration 0002), applied to the stored text and to
// each searched word alike, so the two can never disagree.
import { z } from 'zod';
import { sql, type Expression, type RawBuilder } from 'kysely';
import { badCursor } from '../http/pagination.ts';
import { unstorable } from '../http/storable-text.ts';

export const MAX_QUERY_LENGTH = 200;
const MAX_WORDS = 8;

/** The words of a search: separated by spaces and punctuation that never sits inside a name. */
export function searchWords(query: string | undefined): string[] {
  if (!query) return [];
  return query.normalize('NFC').split(/[\s,;:«»"“”„()]+/u).filter((word) => word.length > 0).slice(0, MAX_WORDS);
}

/** LIKE's own wildcards typed by a user are searched for literally. */
function containsPattern(word: string): string {
  return `%${word.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}

/**
 * Every word occurs somewhere in the folded text, as a whole word or a part of one: «апеляц київ»
 * finds «Київський апеляційний суд».
 */
export function matchesEveryWord(searchText: Expression<string>, words: string[]): RawBuilder<boolean> {
  if (words.length === 0) return sql<boolean>`true`;
  return sql<boolean>`(${sql.join(words.map((word) => sql`${searchText} LIKE uk_search_fold(${containsPattern(word)}) ESCAPE '\\'`), sql` AND `)})`;
}

/**
 * Keyset cursor over the alphabetical order (sort_key, id): pages stay stable while bodies are
 * added, which OFFSET would not give.
 */
// The key is the whole folded name, so the cursor is longer than the shared one of pagination.ts.
export const nameCursor = z.string().max(2000).optional().describe('Значення nextCursor з попередньої сторінки');

export interface NameCursor {
  key: string;
  id: string;
}

export function encodeNameCursor(key: string, id: string): string {
  return Buffer.from(JSON.stringify({ key, id })).toString('base64url');
}

export function decodeNameCursor(cursor: string | undefined): NameCursor | undefined {
  if (cursor === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    return z.strictObject({ key: z.string().max(2000).refine((key) => !unstorable(key)), id: z.uuid() }).parse(value);
  } catch {
    throw badCursor();
  }
}

/** Takes limit+1 rows and tells whether there is a next page. */
export function namePage<T extends { sort_key: string; id: string }>(rows: T[], limit: number): { items: T[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last ? encodeNameCursor(last.sort_key, last.id) : null };
}
