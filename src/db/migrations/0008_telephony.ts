import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  // A telephone exchange (АТС, PBX) signs in as a machine user of its own role, with an API token.
  // The role CHECK of 0001 is unnamed: PostgreSQL called it users_role_check.
  await sql`
    ALTER TABLE users DROP CONSTRAINT users_role_check;
    ALTER TABLE users ADD CONSTRAINT users_role_check CHECK (role IN ('operator', 'supervisor', 'admin', 'court_clerk', 'pbx'));

    -- Which operator answers on which internal number (extension) of the exchange.
    CREATE TABLE pbx_extensions (
      extension text PRIMARY KEY CHECK (extension ~ '^[0-9A-Za-z*#+._-]{1,32}$'),
      operator_id uuid NOT NULL REFERENCES users(id),
      active boolean NOT NULL DEFAULT true,
      updated_at timestamptz NOT NULL
    );
    CREATE INDEX pbx_extensions_operator_idx ON pbx_extensions (operator_id);

    -- Every event the exchange sent, as received, with what Dovira did with it.
    CREATE TABLE pbx_events (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      pbx_event_id text NOT NULL,
      pbx_call_id text NOT NULL,
      linked_id text,
      type text NOT NULL,
      occurred_at timestamptz NOT NULL,
      received_at timestamptz NOT NULL,
      payload jsonb NOT NULL,
      outcome text NOT NULL CHECK (outcome IN ('applied', 'duplicate', 'stale', 'ignored_unknown_type', 'refused')),
      reason text,
      call_id uuid REFERENCES calls(id)
    );
    -- Idempotency: one event id is handled once; its repeats are kept as 'duplicate' rows.
    CREATE UNIQUE INDEX pbx_events_event_idx ON pbx_events (pbx_event_id) WHERE outcome <> 'duplicate';
    CREATE INDEX pbx_events_call_idx ON pbx_events (pbx_call_id, occurred_at);
    CREATE INDEX pbx_events_linked_idx ON pbx_events (linked_id) WHERE linked_id IS NOT NULL;
    CREATE INDEX calls_caller_phone_idx ON calls (caller_phone, opened_at DESC) WHERE caller_phone IS NOT NULL;
  `.execute(db);
}
