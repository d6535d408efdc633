// Writing articles: each write re-analyses the text for search, keeps the vocabulary in step and
// records the audit event, all in one transaction.
import { sql, type RawBuilder, type Transaction } from 'kysely';
import type { Actor } from '../audit/audit.ts';
import { recordAudit } from '../audit/audit.ts';
import type { Db } from '../db/database.ts';
import type { Database } from '../db/schema.ts';
import { conflict, notFound } from '../http/problem.ts';
import { isArticleId } from './input.ts';
import { slugFromTitle } from './slug.ts';
import { lexemes, markdownToPlain } from './text.ts';
import type { ArticleRow } from './view.ts';

/** Bump when stem.ts or text.ts change what they produce: older rows are then re-analysed. */
export const ANALYSER_VERSION = 1;

export interface ArticleContent {
  title: string;
  bodyMarkdown: string;
  tags: string[];
}

export interface NewArticle extends ArticleContent {
  slug?: string | undefined;
  published: boolean;
}

export interface ArticleChanges {
  slug?: string | undefined;
  title?: string | undefined;
  bodyMarkdown?: string | undefined;
  tags?: string[] | undefined;
  published?: boolean | undefined;
}

interface Analysis {
  columns: { search_vector: RawBuilder<string>; title_vector: RawBuilder<string>; tags_vector: RawBuilder<string>; search_version: number };
  terms: string[];
}

/** Title weighs A, tags B, body D: a word in the title ranks above the same word in the text. */
export function analyse(content: ArticleContent): Analysis {
  const title = lexemes(content.title).join(' ');
  const tags = lexemes(content.tags.join(' ')).join(' ');
  const body = lexemes(markdownToPlain(content.bodyMarkdown)).join(' ');
  return {
    columns: {
      search_vector: sql<string>`setweight(to_tsvector('simple', ${title}), 'A') || setweight(to_tsvector('simple', ${tags}), 'B') || setweight(to_tsvector('simple', ${body}), 'D')`,
      title_vector: sql<string>`to_tsvector('simple', ${title})`,
      tags_vector: sql<string>`to_tsvector('simple', ${tags})`,
      search_version: ANALYSER_VERSION,
    },
    terms: [...new Set(`${title} ${tags} ${body}`.split(' ').filter((term) => term !== ''))],
  };
}

/** Article writers take turns, so the vocabulary never loses a word another writer just added. */
async function lockVocabulary(trx: Transaction<Database>): Promise<void> {
  await sql`LOCK TABLE knowledge_terms IN EXCLUSIVE MODE`.execute(trx);
}

async function keepVocabulary(trx: Transaction<Database>, added: string[], removed: string[]): Promise<void> {
  if (added.length > 0) {
    await sql`INSERT INTO knowledge_terms (term) SELECT DISTINCT unnest(${added}::text[]) ON CONFLICT DO NOTHING`.execute(trx);
  }
  if (removed.length > 0) {
    await sql`
      DELETE FROM knowledge_terms t
      WHERE t.term = ANY(${removed}::text[])
        AND NOT EXISTS (SELECT 1 FROM knowledge_articles a WHERE a.search_vector @@ quote_literal(t.term)::tsquery)
    `.execute(trx);
  }
}

/** The whole vocabulary rebuilt from the articles (after re-analysing them). */
async function rebuildVocabulary(trx: Transaction<Database>): Promise<void> {
  await sql`DELETE FROM knowledge_terms`.execute(trx);
  await sql`INSERT INTO knowledge_terms (term) SELECT DISTINCT unnest(tsvector_to_array(search_vector)) FROM knowledge_articles`.execute(trx);
}

async function slugTaken(trx: Transaction<Database>, slug: string, exceptId?: string): Promise<boolean> {
  let query = trx.selectFrom('knowledge_articles').select('id').where('slug', '=', slug);
  if (exceptId) query = query.where('id', '<>', exceptId);
  return (await query.executeTakeFirst()) !== undefined;
}

const slugConflict = (slug: string) => conflict('slug-taken', `Адреса статті «${slug}» вже зайнята іншою статтею: оберіть іншу`);

/** The title's transliteration, with -2, -3 … when another article already has it. */
async function freeSlugFor(trx: Transaction<Database>, title: string): Promise<string> {
  const base = slugFromTitle(title);
  const taken = new Set((await trx.selectFrom('knowledge_articles').select('slug')
    .where((eb) => eb.or([eb('slug', '=', base), eb('slug', 'like', `${base}-%`)])).execute()).map((row) => row.slug));
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}

/** A concurrent write of the same slug loses to the unique index; it gets the same 409. */
function translateUnique(error: unknown, slug: string): unknown {
  const e = error as { code?: string; constraint?: string };
  return e.code === '23505' && e.constraint === 'knowledge_articles_slug_key' ? slugConflict(slug) : error;
}

export async function createArticle(db: Db, actor: Actor, input: NewArticle, at: Date, seedKey?: string): Promise<string> {
  let slug = input.slug ?? '';
  try {
    return await db.transaction().execute(async (trx) => {
      await lockVocabulary(trx);
      if (input.slug !== undefined && await slugTaken(trx, input.slug)) throw slugConflict(input.slug);
      slug = input.slug ?? await freeSlugFor(trx, input.title);
      const analysis = analyse(input);
      const row = await trx.insertInto('knowledge_articles').values({
        slug,
        title: input.title,
        body_markdown: input.bodyMarkdown,
        tags: input.tags,
        published: input.published,
        created_by: actor.userId,
        seed_key: seedKey ?? null,
        created_at: at,
        updated_at: at,
        ...analysis.columns,
      }).returning('id').executeTakeFirstOrThrow();
      await keepVocabulary(trx, analysis.terms, []);
      // Ids, codes and flags only: titles and texts stay in the table.
      await recordAudit(trx, actor, {
        entityType: 'knowledge_article', entityId: row.id, action: seedKey ? 'seeded' : 'created',
        changes: { slug, published: input.published, tags: input.tags.length, ...(seedKey ? { seedKey } : {}) },
      });
      return row.id;
    });
  } catch (error) {
    throw translateUnique(error, slug);
  }
}

export async function updateArticle(db: Db, actor: Actor, id: string, changes: ArticleChanges, at: Date): Promise<void> {
  try {
    await db.transaction().execute(async (trx) => {
      await lockVocabulary(trx);
      const before = await trx.selectFrom('knowledge_articles')
        .select(['id', 'slug', 'title', 'body_markdown', 'tags', 'published', sql<string[]>`tsvector_to_array(search_vector)`.as('terms')])
        .where('id', '=', id).forUpdate().executeTakeFirst();
      if (!before) throw notFound('Статтю');
      if (changes.slug !== undefined && changes.slug !== before.slug && await slugTaken(trx, changes.slug, id)) throw slugConflict(changes.slug);
      const after = {
        slug: changes.slug ?? before.slug,
        title: changes.title ?? before.title,
        bodyMarkdown: changes.bodyMarkdown ?? before.body_markdown,
        tags: changes.tags ?? before.tags,
        published: changes.published ?? before.published,
      };
      const changed = [
        after.slug !== before.slug && 'slug',
        after.title !== before.title && 'title',
        after.bodyMarkdown !== before.body_markdown && 'bodyMarkdown',
        after.tags.join('\n') !== before.tags.join('\n') && 'tags',
        after.published !== before.published && 'published',
      ].filter((field): field is string => field !== false);
      if (changed.length === 0) return;
      const analysis = analyse(after);
      await trx.updateTable('knowledge_articles').set({
        slug: after.slug,
        title: after.title,
        body_markdown: after.bodyMarkdown,
        tags: after.tags,
        published: after.published,
        updated_at: at,
        ...analysis.columns,
      }).where('id', '=', id).execute();
      const kept = new Set(analysis.terms);
      await keepVocabulary(trx, analysis.terms, before.terms.filter((term) => !kept.has(term)));
      await recordAudit(trx, actor, {
        entityType: 'knowledge_article', entityId: id, action: 'updated',
        changes: {
          fields: changed,
          ...(after.slug !== before.slug ? { slug: { from: before.slug, to: after.slug } } : {}),
          ...(after.published !== before.published ? { published: { from: before.published, to: after.published } } : {}),
        },
      });
    });
  } catch (error) {
    throw translateUnique(error, changes.slug ?? '');
  }
}

/** A supervisor confirms the article is correct as it stands now. */
export async function markReviewed(db: Db, actor: Actor & { userId: string }, id: string, at: Date): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const updated = await trx.updateTable('knowledge_articles').set({ last_reviewed_at: at, reviewed_by: actor.userId })
      .where('id', '=', id).returning('id').executeTakeFirst();
    if (!updated) throw notFound('Статтю');
    await recordAudit(trx, actor, { entityType: 'knowledge_article', entityId: id, action: 'reviewed', changes: { lastReviewedAt: at.toISOString() } });
  });
}

/**
 * Re-analyses the articles written by an older analyser (after stem.ts changed) and rebuilds the
 * vocabulary. Returns how many were re-analysed; cheap when there are none.
 */
export async function reindexStaleArticles(db: Db): Promise<number> {
  const stale = await db.selectFrom('knowledge_articles').select('id').where('search_version', '<', ANALYSER_VERSION).limit(1).executeTakeFirst();
  if (!stale) return 0;
  return db.transaction().execute(async (trx) => {
    await lockVocabulary(trx);
    const rows = await trx.selectFrom('knowledge_articles').select(['id', 'title', 'body_markdown', 'tags'])
      .where('search_version', '<', ANALYSER_VERSION).forUpdate().execute();
    for (const row of rows) {
      const analysis = analyse({ title: row.title, bodyMarkdown: row.body_markdown, tags: row.tags });
      await trx.updateTable('knowledge_articles').set(analysis.columns).where('id', '=', row.id).execute();
    }
    await rebuildVocabulary(trx);
    return rows.length;
  });
}

/** One article by id or slug, with its reviewer's name; drafts only when `withDrafts`. */
export async function readArticle(db: Db, idOrSlug: string, withDrafts: boolean): Promise<ArticleRow> {
  const byId = isArticleId(idOrSlug);
  let query = db.selectFrom('knowledge_articles as a')
    .leftJoin('users as r', 'r.id', 'a.reviewed_by')
    .select(['a.id', 'a.slug', 'a.title', 'a.body_markdown', 'a.tags', 'a.published', 'a.last_reviewed_at', 'a.reviewed_by',
      'r.full_name as reviewer_name', 'a.created_by', 'a.created_at', 'a.updated_at'])
    .where(byId ? 'a.id' : 'a.slug', '=', idOrSlug);
  if (!withDrafts) query = query.where('a.published', '=', true);
  const row = await query.executeTakeFirst();
  if (!row) throw notFound('Статтю');
  return row;
}
