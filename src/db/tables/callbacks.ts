// Callbacks (зворотні дзвінки, H3). The codes below are those of the migrations' CHECK
// constraints; their Ukrainian labels are in src/callbacks/labels.ts.
import type { Generated } from 'kysely';
import type { Instant, WrittenOnce } from '../columns.ts';

/** The life of a callback. */
export const CALLBACK_STATUSES = ['scheduled', 'in_progress', 'done', 'cancelled'] as const;
export type CallbackStatus = (typeof CALLBACK_STATUSES)[number];

/** agreed: an operator agreed it with the caller; missed_call: the rule for unanswered calls scheduled it (H3). */
export const CALLBACK_ORIGINS = ['agreed', 'missed_call'] as const;
export type CallbackOrigin = (typeof CALLBACK_ORIGINS)[number];

/** How one try at calling back went. */
/** 'answered' and 'failed' are reported by the exchange when Dovira dials (POST /callbacks/{id}/dial). */
export const ATTEMPT_OUTCOMES = ['reached', 'no_answer', 'busy', 'unavailable', 'voicemail', 'wrong_number', 'poor_connection', 'answered', 'failed'] as const;
export type AttemptOutcome = (typeof ATTEMPT_OUTCOMES)[number];

/** How the whole callback ended. */
export const CLOSE_OUTCOMES = ['informed', 'unreachable'] as const;
export type CloseOutcome = (typeof CLOSE_OUTCOMES)[number];

/**
 * A callback (зворотний дзвінок, H3): the operator promised to call the caller back with the
 * information. Without an assigned operator it waits in the shared queue for whoever claims it.
 */
export interface CallbacksTable {
  id: string;
  /** The call where the callback was agreed, if any. */
  call_id: string | null;
  /** The oral appeal (усне звернення) it answers, if any. */
  appeal_id: string | null;
  /** E.164. */
  phone: string;
  reason: string;
  due_at: Instant;
  /** NULL: the shared queue. */
  assigned_operator_id: string | null;
  status: CallbackStatus;
  /** The one operator working it now (kept after it is done, to show who did it). */
  claimed_by: string | null;
  claimed_at: Instant | null;
  closed_at: Instant | null;
  closed_by: string | null;
  outcome: CloseOutcome | null;
  resolution: string | null;
  cancel_reason: string | null;
  created_by: string;
  created_at: WrittenOnce;
  updated_at: Instant;
  /** Grows by one on every change. */
  version: Generated<number>;
  origin: Generated<CallbackOrigin>;
}

/** One try at calling back: who, when, and how it went. */
export interface CallbackAttemptsTable {
  id: Generated<string>;
  callback_id: string;
  operator_id: string;
  started_at: Instant;
  ended_at: Instant;
  outcome: AttemptOutcome;
  note: string | null;
}
