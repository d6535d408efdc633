// Searching the knowledge base while the caller waits (H1-H2): all the typed words first; if no
// article has them all, the nearest words of the vocabulary stand in for the unknown ones (typos),
// and if that still finds nothing, articles with any of the words.
import { z } from 'zod';
import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import { badCursor, decodeCursor, page } from '../http/pagination.ts';
import { corrections } from './fuzzy.ts';
import { excerpt, highlight, type Segment } from './highlight.ts';
import { combinedQuery, exactQuery, fullQuery, parseQuery, typedPattern, type QueryTerm, type TermPattern } from './query.ts';
import { markdownToPlain } from './text.ts';
import { listItem, type ArticleList, type ListedRow } from './view.ts';

export interface SearchOptions {
  q?: string | undefined;
  tag?: string | undefined;
  /** Operators see published articles only. */
  withDrafts: boolean;
  limit: number;
  cursor?: string | undefined;
}

/** How the page was found: every typed word, typed words with typos corrected, or any of them. */
type Plan = 'all' | 'corrected' | 'any';

interface SearchCursor {
  plan: Plan;
  score: number;
  id: string;
}

const SearchCursorSchema = z.object({ plan: z.enum(['all', 'corrected', 'any']), score: z.number().int().min(-2147483648).max(2147483647), id: z.uuid() });

function encodeSearchCursor(cursor: SearchCursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

function decodeSearchCursor(cursor: string): SearchCursor {
  try {
    return SearchCursorSchema.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
  } catch {
    throw badCursor();
  }
}

interface ScoredRow extends ListedRow {
  body_markdown: string;
  score: number;
}

const LISTED_COLUMNS = ['id', 'slug', 'title', 'body_markdown', 'tags', 'published', 'last_reviewed_at', 'updated_at'] as const;

export async function searchArticles(db: Db, options: SearchOptions): Promise<ArticleList> {
  const q = options.q?.trim();
  if (!q) return listArticles(db, options);
  const terms = parseQuery(q);
  if (terms.length === 0) return { items: [], nextCursor: null, matchMode: 'exact' };
  const cursor = options.cursor === undefined ? undefined : decodeSearchCursor(options.cursor);

  const typed = terms.map(typedPattern);
  if (!cursor || cursor.plan === 'all') {
    const rows = await scoredPage(db, typed, '&', options, cursor);
    if (rows.length > 0 || cursor) return toPage(rows, typed, 'all', options.limit);
  }
  const { patterns, changed } = await correctedPatterns(db, terms);
  if (changed && patterns.length > 0 && (!cursor || cursor.plan === 'corrected')) {
    const rows = await scoredPage(db, patterns, '&', options, cursor);
    if (rows.length > 0 || cursor) return toPage(rows, patterns, 'corrected', options.limit);
  }
  // With one word left, "any of them" is what was just tried.
  if (patterns.length < 2) return { items: [], nextCursor: null, matchMode: 'approximate' };
  return toPage(await scoredPage(db, patterns, '|', options, cursor), patterns, 'any', options.limit);
}

/** Without a query: newest changes first. */
async function listArticles(db: Db, options: SearchOptions): Promise<ArticleList> {
  const cursor = decodeCursor(options.cursor, 'uuid');
  let query = db.selectFrom('knowledge_articles').select(LISTED_COLUMNS)
    .orderBy('updated_at', 'desc').orderBy('id', 'desc').limit(options.limit + 1);
  if (!options.withDrafts) query = query.where('published', '=', true);
  if (options.tag) query = query.where(sql<boolean>`tags @> ARRAY[${options.tag}]::text[]`);
  if (cursor) query = query.where(sql<boolean>`(updated_at, id) < (${cursor.at}::timestamptz, ${cursor.id}::uuid)`);
  const result = page(await query.execute(), options.limit, (row) => ({ at: row.updated_at, id: row.id }));
  return { items: result.items.map((row) => listItem(row, plain(row.title), excerpt(markdownToPlain(row.body_markdown), []))), nextCursor: result.nextCursor, matchMode: null };
}

const plain = (text: string): Segment[] => [{ text, match: false }];

function toPage(rows: ScoredRow[], patterns: TermPattern[], plan: Plan, limit: number): ArticleList {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return {
    items: items.map((row) => listItem(row, highlight(row.title, patterns), excerpt(markdownToPlain(row.body_markdown), patterns))),
    nextCursor: rows.length > limit && last ? encodeSearchCursor({ plan, score: last.score, id: last.id }) : null,
    matchMode: plan === 'all' ? 'exact' : 'approximate',
  };
}

/**
 * One page of articles matching the patterns (all of them with `&`, any with `|`), best first. Per
 * typed word, a match in the title scores 100 (60 for a word it only begins), in the tags 40 (25),
 * anywhere 10 (6); thousands of these, plus up to 999 from ts_rank (how often and where the words
 * occur), make the score, so a title match always ranks above matches in the text only.
 */
async function scoredPage(db: Db, patterns: TermPattern[], operator: '&' | '|', options: SearchOptions, cursor: SearchCursor | undefined): Promise<ScoredRow[]> {
  const exact = patterns.map(exactQuery);
  const full = patterns.map(fullQuery);
  const filter = combinedQuery(patterns, operator);
  const any = combinedQuery(patterns, '|');
  const { rows } = await sql<ScoredRow>`
    SELECT a.id, a.slug, a.title, a.body_markdown, a.tags, a.published, a.last_reviewed_at, a.updated_at, s.score
    FROM knowledge_articles a
    CROSS JOIN LATERAL (
      SELECT (coalesce(sum(
          CASE WHEN a.title_vector @@ u.e THEN 100 WHEN a.title_vector @@ u.p THEN 60 ELSE 0 END
        + CASE WHEN a.tags_vector @@ u.e THEN 40 WHEN a.tags_vector @@ u.p THEN 25 ELSE 0 END
        + CASE WHEN a.search_vector @@ u.e THEN 10 WHEN a.search_vector @@ u.p THEN 6 ELSE 0 END), 0) * 1000
        + least(999, floor(ts_rank(a.search_vector, ${any}::tsquery) * 1000)))::integer AS score
      FROM unnest(${exact}::text[]::tsquery[], ${full}::text[]::tsquery[]) AS u(e, p)
    ) s
    WHERE a.search_vector @@ ${filter}::tsquery
      ${options.withDrafts ? sql`` : sql`AND a.published`}
      ${options.tag ? sql`AND a.tags @> ARRAY[${options.tag}]::text[]` : sql``}
      ${cursor ? sql`AND (s.score < ${cursor.score}::integer OR (s.score = ${cursor.score}::integer AND a.id > ${cursor.id}::uuid))` : sql``}
    ORDER BY s.score DESC, a.id
    LIMIT ${options.limit + 1}::integer
  `.execute(db);
  return rows;
}

/**
 * Typed words the vocabulary knows keep their pattern; unknown ones are replaced by the nearest
 * known words, or dropped when there are none.
 */
async function correctedPatterns(db: Db, terms: QueryTerm[]): Promise<{ patterns: TermPattern[]; changed: boolean }> {
  const typed = terms.map(typedPattern);
  const { rows: knownRows } = await sql<{ i: number }>`
    SELECT u.i::integer AS i
    FROM unnest(${terms.map((t) => t.stem)}::text[], ${terms.map((t) => t.word)}::text[], ${typed.map((p) => p.prefixes[0] ?? '')}::text[])
      WITH ORDINALITY AS u(stem, word, prefix, i)
    WHERE EXISTS (SELECT 1 FROM knowledge_terms WHERE term IN (u.stem, u.word))
       OR (u.prefix <> '' AND EXISTS (SELECT 1 FROM knowledge_terms WHERE term >= u.prefix AND term < u.prefix || chr(1114111)))
  `.execute(db);
  const known = new Set(knownRows.map((row) => row.i - 1));
  const unknown = terms.filter((_, i) => !known.has(i));
  if (unknown.length === 0) return { patterns: typed, changed: false };

  const lengths = unknown.flatMap((t) => [Array.from(t.stem).length, Array.from(t.word).length]);
  const { rows: vocabulary } = await sql<{ term: string }>`
    SELECT term FROM knowledge_terms WHERE length(term) BETWEEN ${Math.min(...lengths) - 2}::integer AND ${Math.max(...lengths) + 2}::integer
  `.execute(db);
  const words = vocabulary.map((row) => row.term);
  const patterns = terms.flatMap((term, i): TermPattern[] => {
    if (known.has(i)) return [typed[i]!];
    const nearest = corrections(term.stem, term.word, words);
    return nearest.length > 0 ? [{ exact: nearest, prefixes: [] }] : [];
  });
  return { patterns, changed: true };
}
