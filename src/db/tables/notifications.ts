// The notification outbox (A2: management is told of every new appeal by e-mail).
import type { Generated } from 'kysely';
import type { CreatedAt, Instant } from '../columns.ts';

/** appeal.registered: to supervisors (A2); appeal.forwarded: the letter to the receiving body (A3);
 * applicant.informed: the notice of forwarding to the applicant's e-mail (A3). */
export const OUTBOX_TOPICS = ['appeal.registered', 'appeal.forwarded', 'applicant.informed'] as const;
export type OutboxTopic = (typeof OUTBOX_TOPICS)[number];

export const DELIVERY_CHANNELS = ['email'] as const;
export type DeliveryChannel = (typeof DELIVERY_CHANNELS)[number];

export const DELIVERY_STATUSES = ['pending', 'sent', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/**
 * Something happened that people must be told of, written in the same transaction as the change
 * itself (the transactional outbox). Ids only: messages are rendered from the data when sent.
 */
export interface OutboxEventsTable {
  /** bigint; arrives as a number (see the INT8 parser in database.ts). */
  id: Generated<number>;
  topic: OutboxTopic;
  entity_id: string;
  created_at: CreatedAt;
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
  created_at: CreatedAt;
  sent_at: Instant | null;
  updated_at: Instant;
}
