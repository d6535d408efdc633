// Tables of the notification outbox (A2: management is told of every new appeal by e-mail).
import type { ColumnType, Generated } from 'kysely';

type Instant = ColumnType<Date, Date | string, Date | string>;
type WrittenOnce = ColumnType<Date, Date | string | undefined, never>;

// The 0005 migration adds users.email; its type is merged into UsersTable here, beside the code that
// reads it, so schema.ts stays as it is.
declare module '../db/schema.ts' {
  interface UsersTable {
    /** Where Dovira e-mails the person (supervisors get the new-appeal notices); optional. */
    email: string | null;
  }
}

/** appeal.registered: to supervisors (A2); appeal.forwarded: the letter to the receiving body (A3);
 * applicant.informed: the notice of forwarding to the applicant's e-mail (A3). */
export type OutboxTopic = 'appeal.registered' | 'appeal.forwarded' | 'applicant.informed';
export type DeliveryChannel = 'email';
export type DeliveryStatus = 'pending' | 'sent' | 'failed';

/**
 * Something happened that people must be told of, written in the same transaction as the change
 * itself (the transactional outbox). Ids only: messages are rendered from the data when sent.
 */
export interface OutboxEventsTable {
  /** bigint; arrives as a number (see the INT8 parser in database.ts). */
  id: Generated<number>;
  topic: OutboxTopic;
  entity_id: string;
  created_at: WrittenOnce;
  /** When the event's deliveries were written; NULL until then. */
  expanded_at: Instant | null;
}

/** One message of one event to one recipient on one channel: unique per (event, channel, recipient). */
export interface DeliveriesTable {
  id: Generated<number>;
  event_id: number;
  channel: DeliveryChannel;
  /** NULL for an outside recipient: a judicial body or the applicant (one per event). */
  recipient_user_id: string | null;
  /** The address as it was when the delivery was written; NULL when there was none (failed at once). */
  address: string | null;
  status: DeliveryStatus;
  /** Sends started, counted when a process claims the delivery. */
  attempts: Generated<number>;
  next_attempt_at: Instant;
  /** The lease of the process sending it now; once past, another process may take it over. */
  claimed_until: Instant | null;
  last_error: string | null;
  /** What the mail server answered on acceptance (its queue id), for tracing a message. */
  server_response: string | null;
  created_at: WrittenOnce;
  sent_at: Instant | null;
  updated_at: Instant;
}

export interface NotificationTables {
  outbox_events: OutboxEventsTable;
  deliveries: DeliveriesTable;
}
