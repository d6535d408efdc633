// Calls and their timelines.
import type { Generated } from 'kysely';
import type { CreatedAt, Instant, Json } from '../columns.ts';

/** manual: opened by the operator in Dovira; pbx: reported by the telephone exchange. */
export const CALL_SOURCES = ['manual', 'pbx'] as const;
export type CallSource = (typeof CALL_SOURCES)[number];

export const CALL_STATUSES = ['ringing', 'active', 'ended'] as const;
export type CallStatus = (typeof CALL_STATUSES)[number];

export interface CallsTable {
  id: Generated<string>;
  /** NULL while an exchange's call waits in a queue or rings a group: no operator has taken it (yet). */
  operator_id: string | null;
  source: CallSource;
  pbx_call_id: string | null;
  status: CallStatus;
  caller_phone: string | null;
  /** The exchange's linked id: the same on every leg of a transferred call (see src/telephony). */
  pbx_linked_id: string | null;
  /** The earlier leg, when the exchange transferred the caller here from another operator's call. */
  transferred_from_call_id: string | null;
  form_of_address: string | null;
  language: string | null;
  opened_at: Instant;
  answered_at: Instant | null;
  ended_at: Instant | null;
  end_reason: string | null;
  /** Snapshot of the rule state (holds, warnings, procedures) rebuilt from the timeline. */
  state: Json<Record<string, unknown>>;
  last_seq: number;
  created_at: CreatedAt;
  updated_at: Instant;
  /** The exchange said the caller hid their number; caller_phone is then null. */
  caller_withheld: Generated<boolean>;
  /** The queue, group or number the exchange offered the call to (Zammad's `queue`, the dialled number). */
  offered_to: Generated<string | null>;
  /** An unanswered call (missed, abandoned) the same caller's later answered call took care of. */
  called_again_call_id: Generated<string | null>;
  called_again_at: Generated<Date | null>;
}

export interface CallEventsTable {
  id: Generated<string>;
  call_id: string;
  seq: number;
  type: string;
  at: Instant;
  actor_user_id: string | null;
  data: Json<Record<string, unknown>>;
}
