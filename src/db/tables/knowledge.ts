// The knowledge base (база знань, H2): what the operator searches while the caller waits.
import type { ColumnType, Generated } from 'kysely';
import type { CreatedAt, Instant } from '../columns.ts';

export interface KnowledgeArticlesTable {
  id: Generated<string>;
  /** The article's address in Latin letters (e.g. stan-rozghliadu-spravy), unique. */
  slug: string;
  title: string;
  body_markdown: string;
  tags: Generated<string[]>;
  /** Only published articles are shown to operators. */
  published: Generated<boolean>;
  /** When a supervisor last confirmed the article is correct; null until someone has. */
  last_reviewed_at: Instant | null;
  reviewed_by: string | null;
  /** Null for the articles Dovira itself seeds. */
  created_by: string | null;
  /** Which of Dovira's own starter articles this is (see src/knowledge/seed.ts), so it is seeded once only. */
  seed_key: string | null;
  created_at: CreatedAt;
  updated_at: Instant;
  /**
   * Stems and words of title (weight A), tags (B) and body (D) as computed by the app
   * (src/knowledge/stem.ts); never read back, only searched.
   */
  search_vector: ColumnType<string, string, string>;
  /** The title's and the tags' lexemes alone, for ranking. */
  title_vector: ColumnType<string, string, string>;
  tags_vector: ColumnType<string, string, string>;
  /** Version of the analyser that wrote search_vector; older rows are re-analysed at start. */
  search_version: number;
}

/** Every lexeme of every article: the vocabulary that typed words are corrected against. */
export interface KnowledgeTermsTable {
  term: string;
}
