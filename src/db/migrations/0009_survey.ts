import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    -- Citizens' ratings of calls (Q1): by phone keypad after the call, later also by a web link.
    -- One per call and channel; a survey left unanswered is kept as 'no_answer' with no score.
    CREATE TABLE survey_ratings (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      call_id uuid NOT NULL REFERENCES calls(id),
      operator_id uuid NOT NULL REFERENCES users(id),
      channel text NOT NULL CHECK (channel IN ('phone', 'web')),
      score smallint CHECK (score BETWEEN 1 AND 5),
      outcome text NOT NULL CHECK (outcome IN ('rated', 'no_answer')),
      comment text,
      prompts_played smallint NOT NULL DEFAULT 0 CHECK (prompts_played BETWEEN 0 AND 10),
      invalid_keys text NOT NULL DEFAULT '' CHECK (invalid_keys ~ '^[0-9*#A-D]{0,20}$'),
      sip_call_id text,
      started_at timestamptz,
      recorded_at timestamptz NOT NULL,
      CHECK ((outcome = 'rated') = (score IS NOT NULL))
    );
    CREATE UNIQUE INDEX survey_ratings_call_channel_idx ON survey_ratings (call_id, channel);
    CREATE INDEX survey_ratings_recorded_idx ON survey_ratings (recorded_at DESC, id DESC);
    CREATE INDEX survey_ratings_operator_idx ON survey_ratings (operator_id, recorded_at DESC, id DESC);

    -- baresip's ctrl_tcp serves one connection at a time: a Dovira process leases a baresip
    -- (the survey endpoint, a dialling line) before it connects, so processes never fight over one.
    CREATE TABLE baresip_leases (
      line text PRIMARY KEY,
      holder text NOT NULL,
      expires_at timestamptz NOT NULL
    );

    -- Callbacks dialled by the exchange (H3): the exchange reports the citizen answered (and was
    -- connected to the operator) or the call could not be made at all.
    ALTER TABLE callback_attempts DROP CONSTRAINT callback_attempts_outcome_check;
    ALTER TABLE callback_attempts ADD CONSTRAINT callback_attempts_outcome_check CHECK (outcome IN
      ('reached', 'no_answer', 'busy', 'unavailable', 'voicemail', 'wrong_number', 'poor_connection', 'answered', 'failed'));
  `.execute(db);
}
