import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    -- Callbacks (H3): the caller is called back with the information that was missing.
    -- assigned_operator_id NULL puts the callback in the shared queue; claimed_by is one column,
    -- so at most one operator works a callback at any time, and the checks below keep the
    -- status and the columns that describe it from ever disagreeing.
    CREATE TABLE callbacks (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      call_id uuid REFERENCES calls(id),
      appeal_id uuid REFERENCES appeals(id),
      phone text NOT NULL,
      reason text NOT NULL,
      due_at timestamptz NOT NULL,
      assigned_operator_id uuid REFERENCES users(id),
      status text NOT NULL CHECK (status IN ('scheduled', 'in_progress', 'done', 'cancelled')),
      claimed_by uuid REFERENCES users(id),
      claimed_at timestamptz,
      closed_at timestamptz,
      closed_by uuid REFERENCES users(id),
      outcome text CHECK (outcome IN ('informed', 'unreachable')),
      resolution text,
      cancel_reason text,
      created_by uuid NOT NULL REFERENCES users(id),
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      version integer NOT NULL DEFAULT 1,
      CHECK ((claimed_by IS NULL) = (claimed_at IS NULL)),
      CHECK (status <> 'in_progress' OR claimed_by IS NOT NULL),
      CHECK (status <> 'scheduled' OR claimed_by IS NULL),
      CHECK ((status IN ('done', 'cancelled')) = (closed_at IS NOT NULL AND closed_by IS NOT NULL)),
      CHECK ((status = 'done') = (outcome IS NOT NULL)),
      CHECK ((status = 'cancelled') = (cancel_reason IS NOT NULL))
    );
    -- The work lists: open callbacks by due time, for everyone and per assigned operator.
    CREATE INDEX callbacks_due_idx ON callbacks (due_at, id) WHERE status IN ('scheduled', 'in_progress');
    CREATE INDEX callbacks_status_due_idx ON callbacks (status, due_at, id);
    CREATE INDEX callbacks_assigned_idx ON callbacks (assigned_operator_id, due_at) WHERE assigned_operator_id IS NOT NULL;
    CREATE INDEX callbacks_call_idx ON callbacks (call_id) WHERE call_id IS NOT NULL;
    CREATE INDEX callbacks_appeal_idx ON callbacks (appeal_id) WHERE appeal_id IS NOT NULL;

    CREATE TABLE callback_attempts (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      callback_id uuid NOT NULL REFERENCES callbacks(id),
      operator_id uuid NOT NULL REFERENCES users(id),
      started_at timestamptz NOT NULL,
      ended_at timestamptz NOT NULL,
      outcome text NOT NULL CHECK (outcome IN ('reached', 'no_answer', 'busy', 'unavailable', 'voicemail', 'wrong_number', 'poor_connection')),
      note text,
      CHECK (ended_at >= started_at)
    );
    CREATE INDEX callback_attempts_callback_idx ON callback_attempts (callback_id, ended_at, id);
  `.execute(db);
}
