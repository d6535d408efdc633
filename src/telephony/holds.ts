// Holds started on the phone. The exchange sees the operator's phone put the caller on hold, but
// not whether the caller agreed (H1), so such a hold never becomes a Standard hold on the timeline.
// Its time still matters to the caller (H5): it is kept in pbx_holds, and the live reminders
// announce one that runs past the limit just as they do a hold recorded in Dovira. The ingest
// (ingest.ts) starts and ends them; here is what each writes.
import type { AuditEntry } from '../audit/audit.ts';
import { holdState } from '../standard/index.ts';

/** A row of pbx_holds: a call has at most one running (ended_at null). */
export interface PhoneHold {
  id: string;
  call_id: string;
  started_at: Date;
  ended_at: Date | null;
}

/** The row of a hold the phone started at `at`, under the id `id`. */
export function phoneHoldRow(id: string, callId: string, at: Date): PhoneHold {
  return { id, call_id: callId, started_at: at, ended_at: null };
}

/** The audit entry of a phone hold's start. */
export function phoneHoldStarted(hold: PhoneHold): AuditEntry {
  return { entityType: 'call', entityId: hold.call_id, action: 'phone_hold_started', changes: { pbxHoldId: hold.id, startedAt: hold.started_at.toISOString() } };
}

/** Ends the running `hold` at `at`, never before it began; the audit entry says how long it ran (H5). */
export function endPhoneHold(hold: PhoneHold, at: Date): AuditEntry {
  const endedAt = new Date(Math.max(at.getTime(), hold.started_at.getTime()));
  hold.ended_at = endedAt;
  const clock = holdState(hold.started_at, endedAt);
  return {
    entityType: 'call',
    entityId: hold.call_id,
    action: 'phone_hold_ended',
    changes: { pbxHoldId: hold.id, startedAt: hold.started_at.toISOString(), durationSeconds: clock.elapsedSeconds, overLimit: clock.overLimit },
  };
}
