import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  // Every call the exchange offers is a call from its first event, also one that no operator took:
  // until an operator's phone rings or answers, it has no operator, only the queue or group the
  // exchange offered it to. Only the exchange's calls may be without one, and never once answered.
  // A later answered call from the same number closes an unanswered one ("called again"), so the
  // caller is not called back twice. Callbacks the missed-call rule scheduled say so (origin).
  await sql`
    ALTER TABLE calls ALTER COLUMN operator_id DROP NOT NULL;
    ALTER TABLE calls ADD COLUMN offered_to text CHECK (char_length(offered_to) BETWEEN 1 AND 200);
    ALTER TABLE calls ADD COLUMN called_again_call_id uuid REFERENCES calls(id);
    ALTER TABLE calls ADD COLUMN called_again_at timestamptz;
    ALTER TABLE calls ADD CONSTRAINT calls_operator_once_answered
      CHECK (operator_id IS NOT NULL OR (source = 'pbx' AND answered_at IS NULL));
    ALTER TABLE calls ADD CONSTRAINT calls_called_again_together
      CHECK ((called_again_call_id IS NULL) = (called_again_at IS NULL));
    CREATE INDEX calls_unanswered_idx ON calls (caller_phone, ended_at DESC)
      WHERE end_reason IN ('missed', 'abandoned') AND called_again_call_id IS NULL;
    CREATE INDEX calls_unassigned_idx ON calls (opened_at DESC) WHERE operator_id IS NULL;
    ALTER TABLE callbacks ADD COLUMN origin text NOT NULL DEFAULT 'agreed' CHECK (origin IN ('agreed', 'missed_call'));
  `.execute(db);
}
