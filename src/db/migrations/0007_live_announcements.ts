import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  // What the scheduled checks have already announced live (a late appeal, a callback due, a hold
  // over three minutes): one row each, so that several Dovira processes announce a thing once.
  await sql`
    CREATE TABLE live_announcements (
      kind text NOT NULL,
      entity_key text NOT NULL,
      announced_at timestamptz NOT NULL,
      PRIMARY KEY (kind, entity_key)
    );
    CREATE INDEX live_announcements_at_idx ON live_announcements (announced_at);
  `.execute(db);
}
