import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  // Holds started on the phone (a re-INVITE with sendonly/inactive media), kept apart from the
  // Standard's holds: the caller's consent (H1) is not known, yet the time is (H5).
  await sql`
    CREATE TABLE pbx_holds (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      call_id uuid NOT NULL REFERENCES calls(id),
      started_at timestamptz NOT NULL,
      ended_at timestamptz,
      CHECK (ended_at IS NULL OR ended_at >= started_at)
    );
    -- At most one running per call; the reminders look for the running ones.
    CREATE UNIQUE INDEX pbx_holds_running_idx ON pbx_holds (call_id) WHERE ended_at IS NULL;
    CREATE INDEX pbx_holds_started_idx ON pbx_holds (started_at) WHERE ended_at IS NULL;
  `.execute(db);
}
