import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    -- A3: an appeal outside the centre's competence goes to the competent judicial body the same
    -- day. One forwarding per appeal (the status machine never forwards twice); the clerk of the
    -- receiving body acknowledges receipt (the Law's limits count from there) and records the answer.
    CREATE TABLE appeal_forwardings (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      appeal_id uuid NOT NULL UNIQUE REFERENCES appeals(id),
      judicial_body_id uuid NOT NULL REFERENCES judicial_bodies(id),
      reason text NOT NULL,
      forwarded_by uuid NOT NULL REFERENCES users(id),
      forwarded_at timestamptz NOT NULL,
      -- The letter exactly as it was sent, so what the court received can always be shown.
      letter_pdf bytea NOT NULL,
      acknowledged_at timestamptz,
      acknowledged_by uuid REFERENCES users(id),
      answered_at timestamptz,
      answered_by uuid REFERENCES users(id),
      answer_summary text,
      CHECK ((acknowledged_at IS NULL) = (acknowledged_by IS NULL)),
      CHECK ((answered_at IS NULL) = (answered_by IS NULL)),
      CHECK ((answered_at IS NULL) = (answer_summary IS NULL)),
      CHECK (answered_at IS NULL OR acknowledged_at IS NOT NULL)
    );
    CREATE INDEX appeal_forwardings_inbox_idx ON appeal_forwardings (judicial_body_id, forwarded_at DESC, appeal_id DESC);

    -- How and when the applicant was told of the forwarding (A3: «про що повідомляється заявнику»).
    -- An e-mail goes through the outbox (outbox_event_id); an SMS keeps the gateway's message id.
    CREATE TABLE applicant_notices (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      appeal_id uuid NOT NULL REFERENCES appeals(id),
      channel text NOT NULL CHECK (channel IN ('during_call', 'sms', 'email')),
      informed_at timestamptz NOT NULL,
      recorded_by uuid NOT NULL REFERENCES users(id),
      status text NOT NULL CHECK (status IN ('recorded', 'sent', 'queued')),
      provider_reference text,
      outbox_event_id bigint REFERENCES outbox_events(id),
      created_at timestamptz NOT NULL,
      CHECK ((channel = 'email') = (outbox_event_id IS NOT NULL))
    );
    CREATE INDEX applicant_notices_appeal_idx ON applicant_notices (appeal_id, informed_at);

    -- Deliveries to an address without a user: the receiving body's official e-mail, the applicant's
    -- e-mail. Such an event has exactly one outside recipient, so one delivery per (event, channel)
    -- keeps «one per event, channel and recipient». A body without an e-mail gets a delivery with no
    -- address, failed at once with the reason, so the list shows why nothing was sent.
    ALTER TABLE deliveries ALTER COLUMN recipient_user_id DROP NOT NULL;
    ALTER TABLE deliveries ALTER COLUMN address DROP NOT NULL;
    ALTER TABLE deliveries ADD CONSTRAINT deliveries_address_check CHECK (address IS NOT NULL OR status = 'failed');
    CREATE UNIQUE INDEX deliveries_external_key ON deliveries (event_id, channel) WHERE recipient_user_id IS NULL;

    -- The supervisor's list of appeals still to forward (A3) reads registered appeals by time.
    CREATE INDEX appeals_registered_status_idx ON appeals (registered_at) WHERE status = 'registered';
  `.execute(db);
}
