import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE judicial_bodies (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      code text NOT NULL UNIQUE,
      name text NOT NULL,
      is_demo boolean NOT NULL DEFAULT false,
      created_at timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE users (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      login text NOT NULL,
      full_name text NOT NULL,
      role text NOT NULL CHECK (role IN ('operator', 'supervisor', 'admin', 'court_clerk')),
      operator_number integer UNIQUE CHECK (operator_number > 0),
      judicial_body_id uuid REFERENCES judicial_bodies(id),
      password_hash text NOT NULL,
      active boolean NOT NULL DEFAULT true,
      failed_logins integer NOT NULL DEFAULT 0,
      locked_until timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CHECK ((role = 'operator') = (operator_number IS NOT NULL)),
      CHECK ((role = 'court_clerk') = (judicial_body_id IS NOT NULL))
    );
    CREATE UNIQUE INDEX users_login_key ON users (lower(login));

    CREATE TABLE sessions (
      id text PRIMARY KEY,
      user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      csrf_token text NOT NULL,
      ip text,
      created_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL
    );
    CREATE INDEX sessions_user_idx ON sessions (user_id);

    CREATE TABLE api_tokens (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      name text NOT NULL,
      token_hash text NOT NULL UNIQUE,
      created_at timestamptz NOT NULL DEFAULT now(),
      last_used_at timestamptz,
      revoked_at timestamptz
    );

    CREATE TABLE audit_events (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      at timestamptz NOT NULL DEFAULT now(),
      actor_user_id uuid REFERENCES users(id),
      actor_ip text,
      entity_type text NOT NULL,
      entity_id text NOT NULL,
      action text NOT NULL,
      changes jsonb NOT NULL DEFAULT '{}'
    );
    CREATE INDEX audit_events_entity_idx ON audit_events (entity_type, entity_id, id);
    CREATE INDEX audit_events_actor_idx ON audit_events (actor_user_id, id);

    CREATE TABLE idempotency_keys (
      user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      key text NOT NULL,
      request_hash text NOT NULL,
      response jsonb,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (user_id, key)
    );

    CREATE TABLE settings (
      key text PRIMARY KEY,
      value jsonb NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE calls (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      operator_id uuid NOT NULL REFERENCES users(id),
      source text NOT NULL CHECK (source IN ('manual', 'pbx')),
      pbx_call_id text UNIQUE,
      status text NOT NULL CHECK (status IN ('ringing', 'active', 'ended')),
      caller_phone text,
      form_of_address text,
      language text,
      opened_at timestamptz NOT NULL,
      answered_at timestamptz,
      ended_at timestamptz,
      end_reason text,
      state jsonb NOT NULL DEFAULT '{}',
      last_seq integer NOT NULL DEFAULT 0,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX calls_opened_idx ON calls (opened_at DESC, id DESC);
    CREATE INDEX calls_operator_idx ON calls (operator_id, opened_at DESC);

    CREATE TABLE call_events (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      call_id uuid NOT NULL REFERENCES calls(id),
      seq integer NOT NULL,
      type text NOT NULL,
      at timestamptz NOT NULL,
      actor_user_id uuid REFERENCES users(id),
      data jsonb NOT NULL DEFAULT '{}',
      UNIQUE (call_id, seq)
    );

    CREATE TABLE appeal_counters (
      year integer PRIMARY KEY,
      last_value integer NOT NULL
    );

    CREATE TABLE appeals (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      registration_year integer NOT NULL,
      lookup_code text NOT NULL UNIQUE,
      call_id uuid REFERENCES calls(id),
      surname text NOT NULL,
      given_name text NOT NULL,
      patronymic text NOT NULL,
      residence text NOT NULL,
      essence text NOT NULL,
      kind text NOT NULL CHECK (kind IN ('remark', 'proposal', 'statement', 'complaint', 'request', 'demand')),
      phone text NOT NULL,
      email text,
      status text NOT NULL CHECK (status IN ('registered', 'resolved', 'forwarded', 'acknowledged', 'answered')),
      registered_by uuid NOT NULL REFERENCES users(id),
      registered_at timestamptz NOT NULL,
      status_changed_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL
    );
    CREATE INDEX appeals_registered_idx ON appeals (registered_at DESC, id DESC);
    CREATE INDEX appeals_phone_idx ON appeals (phone, registered_at DESC);
    CREATE INDEX appeals_call_idx ON appeals (call_id);

    -- Gap-free yearly numbers (ЄКЦ-2026-000123). A registration commits its appeal with a place in
    -- the numbering queue; right after, number_pending_appeals() numbers every committed appeal in
    -- the queue, in queue order, in one short transaction. Only committed appeals get a number, so
    -- none is skipped or reused, and concurrent registrations share one numbering round instead of
    -- queueing one by one behind the yearly counter.
    CREATE TABLE appeal_numbers (
      appeal_id uuid PRIMARY KEY REFERENCES appeals(id),
      year integer NOT NULL,
      seq integer NOT NULL,
      UNIQUE (year, seq)
    );

    CREATE TABLE appeal_number_queue (
      appeal_id uuid PRIMARY KEY REFERENCES appeals(id),
      year integer NOT NULL,
      queued_seq bigint GENERATED ALWAYS AS IDENTITY
    );

    CREATE FUNCTION number_pending_appeals(wanted uuid DEFAULT NULL) RETURNS void LANGUAGE plpgsql AS $$
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
      END LOOP;
    END;
    $$;

    -- The register as everyone reads it: committed appeals with their numbers.
    CREATE VIEW appeal_register AS
      SELECT a.*,
             n.seq AS registration_seq,
             'ЄКЦ-' || n.year || '-' || lpad(n.seq::text, greatest(6, length(n.seq::text)), '0') AS registration_number
      FROM appeals a JOIN appeal_numbers n ON n.appeal_id = a.id;
  `.execute(db);
}
