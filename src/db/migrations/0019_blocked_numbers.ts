import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  // Callers' numbers the admin has blocked, in E.164: the Zammad-compatible endpoint answers a new
  // call from one with a reject, the event API keeps the event and says the number is blocked.
  await sql`
    CREATE TABLE blocked_numbers (
      phone text PRIMARY KEY CHECK (phone ~ '^\\+[1-9][0-9]{6,14}$'),
      note text CHECK (char_length(note) BETWEEN 1 AND 200),
      added_by uuid NOT NULL REFERENCES users(id),
      added_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL
    );
  `.execute(db);
}
