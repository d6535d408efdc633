// The telephone exchange (АТС, PBX): extensions, the events it reports, holds started on the
// phone, and the leases on baresip lines.
import type { Generated } from 'kysely';
import type { Instant, Json, WrittenOnce } from '../columns.ts';

/** What became of an event the exchange sent. */
export const PBX_EVENT_OUTCOMES = ['applied', 'duplicate', 'stale', 'ignored_unknown_type', 'refused'] as const;
export type PbxEventOutcome = (typeof PBX_EVENT_OUTCOMES)[number];

/** An internal number (extension, внутрішній номер) of the exchange and the operator at it. */
export interface PbxExtensionsTable {
  extension: string;
  operator_id: string;
  active: Generated<boolean>;
  updated_at: Instant;
}

/**
 * The digest password of an extension's phone, as HA1 = md5(extension:realm:password) only; the
 * password itself is never stored. A row without HA1 is a removed password, kept so that the
 * exchange hears of the removal (see src/telephony/sip-credentials.ts).
 */
export interface PbxSipCredentialsTable {
  extension: string;
  ha1: string | null;
  realm: string | null;
  /** Taken from a sequence on every change: the exchange keeps the newest version of each phone. */
  version: Generated<number>;
  updated_at: Instant;
}

/** One event as the exchange sent it, kept whatever became of it. */
export interface PbxEventsTable {
  id: Generated<string>;
  /** The exchange's own id of the event: repeats of it change nothing. */
  pbx_event_id: string;
  /** The exchange's id of the call (calls.pbx_call_id). */
  pbx_call_id: string;
  /** Ties the legs of a transferred call together. */
  linked_id: string | null;
  type: string;
  /** The exchange's timestamp: events of a call are ordered by it, not by arrival. */
  occurred_at: WrittenOnce;
  received_at: WrittenOnce;
  payload: Json<Record<string, unknown>>;
  outcome: PbxEventOutcome;
  reason: string | null;
  /** Dovira's call the event belongs to, once there is one. */
  call_id: string | null;
}

/**
 * A hold started on the phone: the exchange saw it but not whether the caller agreed (H1), so it
 * is kept apart from the Standard's holds on the timeline (see src/telephony/holds.ts).
 */
export interface PbxHoldsTable {
  id: Generated<string>;
  call_id: string;
  started_at: Instant;
  /** Null while the caller is still on hold. */
  ended_at: Instant | null;
}

/**
 * Which Dovira process drives which baresip: ctrl_tcp serves one connection at a time, so
 * processes take a lease on a baresip (a "line") before connecting to it.
 */
export interface BaresipLeasesTable {
  /** e.g. "survey 127.0.0.1:4444" or "dialler 127.0.0.1:4450". */
  line: string;
  /** The process (and the task in it) holding the line. */
  holder: string;
  /** The lease lapses at this instant unless renewed. */
  expires_at: Instant;
}

/**
 * A caller's number the admin has blocked (E.164), with why: a new call from it is answered with a
 * reject where the exchange understands one (the Zammad-compatible endpoint), see
 * src/telephony/blocked-numbers.ts.
 */
export interface BlockedNumbersTable {
  phone: string;
  note: string | null;
  added_by: string;
  added_at: WrittenOnce;
  updated_at: Instant;
}
