// Tells the live channel that a call changed, so the supervisor's console shows calls in progress
// and holds without reloading. Called only after the change committed: the event never announces
// something a reader could not yet see, and a refused or rolled-back step announces nothing.
import type { Db } from '../db/database.ts';
import type { LiveBus } from '../live/bus.ts';
import type { CallState } from './rules.ts';

/** Reads the call as committed and publishes `call.changed`; a failure here never fails the request. */
export async function publishCallChanged(db: Db, live: LiveBus, callId: string): Promise<void> {
  try {
    const row = await db.selectFrom('calls')
      .leftJoin('call_events', (join) => join.onRef('call_events.call_id', '=', 'calls.id').onRef('call_events.seq', '=', 'calls.last_seq'))
      .leftJoin('pbx_holds', (join) => join.onRef('pbx_holds.call_id', '=', 'calls.id').on('pbx_holds.ended_at', 'is', null))
      .select(['calls.id', 'calls.operator_id', 'calls.status', 'calls.state', 'calls.updated_at', 'call_events.type as last_event_type', 'pbx_holds.started_at as phone_hold_started_at'])
      .where('calls.id', '=', callId)
      .executeTakeFirst();
    if (!row) return;
    const state = row.state as unknown as Partial<CallState>;
    live.publish({
      type: 'call.changed',
      callId: row.id,
      operatorId: row.operator_id,
      status: row.status,
      onHoldSince: state.hold?.startedAt ?? null,
      phoneHoldSince: row.phone_hold_started_at?.toISOString() ?? null,
      lastEventType: row.last_event_type ?? null,
      at: row.updated_at.toISOString(),
    });
  } catch {
    // Live screens refetch on reconnect and on focus; a missed announcement is not worth a failed step.
  }
}
