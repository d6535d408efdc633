import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    -- Where Dovira writes to a person (A2: supervisors are told of every new appeal).
    ALTER TABLE users ADD COLUMN email text;

    -- The transactional outbox: an event is written in the same transaction as the change that
    -- causes it, so a crash after commit loses no notification. Ids only: the message is rendered
    -- from the register when it is sent.
    CREATE TABLE outbox_events (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      topic text NOT NULL,
      entity_id uuid NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      -- Set once the event's deliveries have been written.
      expanded_at timestamptz
    );
    CREATE INDEX outbox_events_unexpanded_idx ON outbox_events (id) WHERE expanded_at IS NULL;

    -- One message of one event to one person on one channel. The unique key makes sending
    -- idempotent: however often an event is expanded, each recipient gets one delivery.
    -- claimed_until is the lease of the process sending it now; an expired lease (the process died)
    -- makes the delivery due again.
    CREATE TABLE deliveries (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      event_id bigint NOT NULL REFERENCES outbox_events(id),
      channel text NOT NULL CHECK (channel IN ('email')),
      recipient_user_id uuid NOT NULL REFERENCES users(id),
      address text NOT NULL,
      status text NOT NULL CHECK (status IN ('pending', 'sent', 'failed')),
      attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
      next_attempt_at timestamptz NOT NULL,
      claimed_until timestamptz,
      last_error text,
      server_response text,
      created_at timestamptz NOT NULL,
      sent_at timestamptz,
      updated_at timestamptz NOT NULL,
      UNIQUE (event_id, channel, recipient_user_id),
      CHECK ((status = 'sent') = (sent_at IS NOT NULL)),
      CHECK (status = 'pending' OR claimed_until IS NULL)
    );
    CREATE INDEX deliveries_due_idx ON deliveries (next_attempt_at, id) WHERE status = 'pending';
    CREATE INDEX deliveries_list_idx ON deliveries (created_at DESC, id DESC);
    CREATE INDEX deliveries_status_list_idx ON deliveries (status, created_at DESC, id DESC);

    -- As in the first migration, plus one outbox event per numbered appeal: an appeal enters the
    -- register and its 'appeal.registered' event in one transaction, so management is told of
    -- every appeal in the register and of no other.
    CREATE OR REPLACE FUNCTION number_pending_appeals(wanted uuid DEFAULT NULL) RETURNS void LANGUAGE plpgsql AS $$
    DECLARE
      pending record;
      next_value integer;
    BEGIN
      -- Another round already numbered it: nothing to wait for.
      IF wanted IS NOT NULL AND EXISTS (SELECT 1 FROM appeal_numbers WHERE appeal_id = wanted) THEN
        RETURN;
      END IF;
      -- One round at a time, across every Dovira process on this database.
      PERFORM pg_advisory_xact_lock(7340912001);
      FOR pending IN SELECT appeal_id, year FROM appeal_number_queue ORDER BY queued_seq LOOP
        INSERT INTO appeal_counters (year, last_value) VALUES (pending.year, 1)
        ON CONFLICT (year) DO UPDATE SET last_value = appeal_counters.last_value + 1
        RETURNING last_value INTO next_value;
        INSERT INTO appeal_numbers (appeal_id, year, seq) VALUES (pending.appeal_id, pending.year, next_value);
        DELETE FROM appeal_number_queue WHERE appeal_id = pending.appeal_id;
        INSERT INTO outbox_events (topic, entity_id) VALUES ('appeal.registered', pending.appeal_id);
      END LOOP;
    END;
    $$;
  `.execute(db);
}
