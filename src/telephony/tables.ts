// Tables of the telephone exchange (АТС, PBX): extensions and the events it reports.
import type { ColumnType, Generated } from 'kysely';

type Instant = ColumnType<Date, Date | string, Date | string>;
type WrittenOnce = ColumnType<Date, Date | string, never>;
type Json<T> = ColumnType<T, string, string>;

export type PbxEventOutcome = 'applied' | 'duplicate' | 'stale' | 'ignored_unknown_type' | 'refused';

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
 * exchange hears of the removal (see sip-credentials.ts).
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

export interface TelephonyTables {
  pbx_extensions: PbxExtensionsTable;
  pbx_events: PbxEventsTable;
  pbx_sip_credentials: PbxSipCredentialsTable;
}

// Joined to the Database type here, beside the code that uses it, so schema.ts stays as it is.
declare module '../db/schema.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Database extends TelephonyTables {}
}
