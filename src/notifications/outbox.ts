// The outbox in SQL: events become deliveries, deliveries are claimed under a lease and settled.
// FOR UPDATE SKIP LOCKED lets any number of Dovira processes share the work without waiting on
// each other or taking the same row.
import { sql, type Transaction } from 'kysely';
import type { Db } from '../db/database.ts';
import type { Database } from '../db/schema.ts';
import type { AuditAction } from '../audit/actions.ts';
import { recordAudit, type Actor, type AuditEntry } from '../audit/audit.ts';
import type { AppealKind } from '../standard/index.ts';
import type { RegisteredAppealFacts } from './message.ts';
import type { OutboxTopic } from '../db/schema.ts';

/** Dovira itself, in the audit trail of what the dispatcher does. */
const SYSTEM: Actor = { userId: null, ip: null };

const EXPAND_BATCH = 100;

/** Why a delivery to an outside recipient failed before any attempt. */
export const NO_BODY_ADDRESS_REASON = 'У довіднику немає офіційної електронної адреси органу судової влади: лист не надіслано, передайте його іншим способом';
export const NO_APPLICANT_ADDRESS_REASON = 'У зверненні немає електронної адреси заявника: лист не надіслано';

/** What the appeal's history says when a message of each topic was sent, or failed for good. */
const SENT_ACTIONS: Record<OutboxTopic, AuditAction<'appeal'>> = {
  'appeal.registered': 'management_notified',
  'appeal.forwarded': 'forwarding_letter_sent',
  'applicant.informed': 'applicant_email_sent',
};
const FAILED_ACTIONS: Record<OutboxTopic, AuditAction<'appeal'>> = {
  'appeal.registered': 'management_notification_failed',
  'appeal.forwarded': 'forwarding_letter_not_sent',
  'applicant.informed': 'applicant_email_not_sent',
};

/**
 * Writes an event in the outbox inside the caller's transaction (the transactional outbox): it is
 * committed with the change that caused it, or not at all. Returns the event's id.
 */
export async function enqueue(trx: Transaction<Database>, topic: OutboxTopic, entityId: string): Promise<number> {
  const event = await trx.insertInto('outbox_events').values({ topic, entity_id: entityId }).returning('id').executeTakeFirstOrThrow();
  return Number(event.id);
}

export interface ExpandedEvent {
  id: number;
  topic: OutboxTopic;
  entityId: string;
  deliveries: number;
}

/**
 * Writes the deliveries of up to 100 waiting events and marks them expanded, in one transaction.
 * A new appeal goes to every active supervisor who has an e-mail address; a forwarded appeal to the
 * receiving body's official e-mail (A3); a notice to the applicant to the appeal's e-mail. An outside
 * recipient without an address gets a delivery failed at once with the reason. `initialError`, when
 * set, is recorded on each new pending delivery (e-mail not configured).
 */
export async function expandEvents(db: Db, at: Date, initialError: string | null): Promise<ExpandedEvent[]> {
  const result = await sql<{ id: number; topic: OutboxTopic; entity_id: string; deliveries: number }>`
    WITH events AS (
      SELECT id, topic, entity_id FROM outbox_events
      WHERE expanded_at IS NULL
      ORDER BY id LIMIT ${EXPAND_BATCH}
      FOR UPDATE SKIP LOCKED
    ),
    to_supervisors AS (
      INSERT INTO deliveries (event_id, channel, recipient_user_id, address, status, next_attempt_at, last_error, created_at, updated_at)
      SELECT e.id, 'email', u.id, u.email, 'pending', ${at}::timestamptz, ${initialError}::text, ${at}::timestamptz, ${at}::timestamptz
      FROM events e
      JOIN users u ON u.role = 'supervisor' AND u.active AND u.email IS NOT NULL
      WHERE e.topic = 'appeal.registered'
      ON CONFLICT (event_id, channel, recipient_user_id) DO NOTHING
      RETURNING event_id
    ),
    outside AS (
      SELECT e.id AS event_id, e.topic,
        CASE e.topic
          WHEN 'appeal.forwarded' THEN (SELECT b.email FROM appeal_forwardings f JOIN judicial_bodies b ON b.id = f.judicial_body_id WHERE f.appeal_id = e.entity_id)
          ELSE (SELECT a.email FROM appeals a WHERE a.id = e.entity_id)
        END AS address
      FROM events e
      WHERE e.topic IN ('appeal.forwarded', 'applicant.informed')
    ),
    to_outside AS (
      INSERT INTO deliveries (event_id, channel, recipient_user_id, address, status, next_attempt_at, last_error, created_at, updated_at)
      SELECT o.event_id, 'email', NULL, o.address,
        CASE WHEN o.address IS NULL THEN 'failed' ELSE 'pending' END,
        ${at}::timestamptz,
        CASE
          WHEN o.address IS NOT NULL THEN ${initialError}::text
          WHEN o.topic = 'appeal.forwarded' THEN ${NO_BODY_ADDRESS_REASON}::text
          ELSE ${NO_APPLICANT_ADDRESS_REASON}::text
        END,
        ${at}::timestamptz, ${at}::timestamptz
      FROM outside o
      ON CONFLICT (event_id, channel) WHERE recipient_user_id IS NULL DO NOTHING
      RETURNING event_id
    ),
    written AS (SELECT event_id FROM to_supervisors UNION ALL SELECT event_id FROM to_outside),
    marked AS (
      UPDATE outbox_events o SET expanded_at = ${at}::timestamptz FROM events e WHERE o.id = e.id
      RETURNING o.id
    )
    SELECT e.id, e.topic, e.entity_id, (SELECT count(*) FROM written w WHERE w.event_id = e.id)::int AS deliveries
    FROM events e JOIN marked m ON m.id = e.id
    ORDER BY e.id`.execute(db);
  return result.rows.map((r) => ({ id: Number(r.id), topic: r.topic, entityId: r.entity_id, deliveries: r.deliveries }));
}

export interface ClaimedDelivery {
  id: number;
  eventId: number;
  topic: OutboxTopic;
  entityId: string;
  /** Null for an outside recipient (the receiving body, the applicant). */
  recipientUserId: string | null;
  address: string;
  /** Including the one now starting. */
  attempts: number;
}

/** Takes the next due delivery for this process until `leaseUntil`, counting the attempt. */
export async function claimNextDue(db: Db, at: Date, leaseUntil: Date): Promise<ClaimedDelivery | undefined> {
  const result = await sql<{ id: number; event_id: number; topic: OutboxTopic; entity_id: string; recipient_user_id: string | null; address: string; attempts: number }>`
    UPDATE deliveries d
    SET attempts = d.attempts + 1, claimed_until = ${leaseUntil}::timestamptz, updated_at = ${at}::timestamptz
    FROM outbox_events e
    WHERE e.id = d.event_id AND d.id = (
      SELECT id FROM deliveries
      WHERE status = 'pending' AND next_attempt_at <= ${at}::timestamptz
        AND (claimed_until IS NULL OR claimed_until <= ${at}::timestamptz)
      ORDER BY next_attempt_at, id LIMIT 1
      FOR UPDATE SKIP LOCKED
    )
    RETURNING d.id, d.event_id, e.topic, e.entity_id, d.recipient_user_id, d.address, d.attempts`.execute(db);
  const row = result.rows[0];
  if (!row) return undefined;
  return {
    id: Number(row.id), eventId: Number(row.event_id), topic: row.topic, entityId: row.entity_id,
    recipientUserId: row.recipient_user_id, address: row.address, attempts: row.attempts,
  };
}

/**
 * Records a delivery the mail server accepted, and tells the appeal's history that management was
 * informed (A2), in one transaction. Only a pending delivery is settled: the first process to
 * settle it wins.
 */
export async function markSent(db: Db, delivery: ClaimedDelivery, at: Date, serverResponse: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const row = await trx.updateTable('deliveries')
      .set({ status: 'sent', sent_at: at, claimed_until: null, last_error: null, server_response: serverResponse.slice(0, 500), updated_at: at })
      .where('id', '=', delivery.id).where('status', '=', 'pending')
      .returning('id').executeTakeFirst();
    if (row) await recordAudit(trx, SYSTEM, historyEntry(delivery, SENT_ACTIONS[delivery.topic]));
  });
}

/** Records a failed attempt: due again at `retryAt`, or failed for good when `retryAt` is null. */
export async function markAttemptFailed(db: Db, delivery: ClaimedDelivery, at: Date, reason: string, retryAt: Date | null): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const row = await trx.updateTable('deliveries')
      .set({
        status: retryAt ? 'pending' : 'failed',
        ...(retryAt ? { next_attempt_at: retryAt } : {}),
        claimed_until: null,
        last_error: reason.slice(0, 1000),
        updated_at: at,
      })
      .where('id', '=', delivery.id).where('status', '=', 'pending')
      .returning('id').executeTakeFirst();
    if (row && !retryAt) await recordAudit(trx, SYSTEM, historyEntry(delivery, FAILED_ACTIONS[delivery.topic]));
  });
}

// Ids only: who was told is a user id, the address stays in the deliveries table.
function historyEntry(delivery: ClaimedDelivery, action: AuditAction<'appeal'>): AuditEntry {
  return {
    entityType: 'appeal',
    entityId: delivery.entityId,
    action,
    changes: { deliveryId: delivery.id, channel: 'email', recipientUserId: delivery.recipientUserId, attempts: delivery.attempts },
  };
}

/** The registered appeal as the message shows it, with who registered it; undefined if not in the register. */
export async function registeredAppealFacts(db: Db, appealId: string): Promise<RegisteredAppealFacts | undefined> {
  const row = await db.selectFrom('appeal_register as a')
    .innerJoin('users as u', 'u.id', 'a.registered_by')
    .select([
      'a.id', 'a.registration_number', 'a.kind', 'a.registered_at', 'a.essence',
      'a.surname', 'a.given_name', 'a.patronymic', 'a.residence', 'a.phone', 'a.email',
      'u.role', 'u.full_name', 'u.operator_number',
    ])
    .where('a.id', '=', appealId)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    id: row.id,
    registrationNumber: row.registration_number,
    kind: row.kind as AppealKind,
    registeredAt: row.registered_at,
    essence: row.essence,
    applicant: { surname: row.surname, givenName: row.given_name, patronymic: row.patronymic, residence: row.residence, phone: row.phone, email: row.email },
    registrar: { role: row.role, fullName: row.full_name, operatorNumber: row.operator_number },
  };
}
