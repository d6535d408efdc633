import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  // A transfer on an exchange that is not Asterisk makes a new call (a new SIP Call-ID) at the
  // next operator. The exchange's linked id ties the legs: each leg stays its own call, with its
  // own operator and timeline, and the later one remembers where the caller came from.
  await sql`
    ALTER TABLE calls ADD COLUMN pbx_linked_id text;
    ALTER TABLE calls ADD COLUMN transferred_from_call_id uuid REFERENCES calls(id);
    CREATE INDEX calls_pbx_linked_idx ON calls (pbx_linked_id) WHERE pbx_linked_id IS NOT NULL;
    CREATE INDEX calls_transferred_from_idx ON calls (transferred_from_call_id) WHERE transferred_from_call_id IS NOT NULL;
  `.execute(db);
}
