import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    -- The knowledge base (H2). Ukrainian has no stemmer in PostgreSQL, so the app analyses the text
    -- (src/knowledge/stem.ts) and stores the lexemes in search_vector with the 'simple' configuration:
    -- no extension is needed, and PGlite and PostgreSQL search alike. search_vector holds every word
    -- (title A, tags B, body D) and is indexed; title_vector and tags_vector, small copies of the
    -- first two, make ranking cheap.
    CREATE TABLE knowledge_articles (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      slug text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND length(slug) <= 100),
      title text NOT NULL,
      body_markdown text NOT NULL,
      tags text[] NOT NULL DEFAULT '{}',
      published boolean NOT NULL DEFAULT true,
      last_reviewed_at timestamptz,
      reviewed_by uuid REFERENCES users(id),
      created_by uuid REFERENCES users(id),
      seed_key text UNIQUE,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      search_vector tsvector NOT NULL,
      title_vector tsvector NOT NULL,
      tags_vector tsvector NOT NULL,
      search_version integer NOT NULL,
      CHECK ((last_reviewed_at IS NULL) = (reviewed_by IS NULL))
    );
    CREATE INDEX knowledge_articles_search_idx ON knowledge_articles USING gin (search_vector);
    CREATE INDEX knowledge_articles_tags_idx ON knowledge_articles USING gin (tags);
    CREATE INDEX knowledge_articles_updated_idx ON knowledge_articles (updated_at DESC, id DESC);

    -- The vocabulary of all articles, for correcting typos; kept in step by every article write.
    -- Byte order ("C") lets the primary key answer "any word starting with …" as a range.
    CREATE TABLE knowledge_terms (
      term text COLLATE "C" PRIMARY KEY
    );
  `.execute(db);
}
