// Holds started on the phone. The exchange sees the operator's phone put the caller on hold, but
// not whether the caller agreed (H1), so such a hold never becomes a Standard hold on the timeline.
// Its time still matters to the caller (H5): it is kept here, and the live reminders announce one
// that runs past the limit just as they do a hold recorded in Dovira.
import type { Transaction } from 'kysely';
import type { Actor } from '../audit/audit.ts';
import { recordAudit } from '../audit/audit.ts';
import type { Database } from '../db/schema.ts';
import { holdState } from '../standard/index.ts';

type Trx = Transaction<Database>;

/** Starts the call's phone hold at `at`; false if one is already running. */
export async function startPhoneHold(trx: Trx, actor: Actor, callId: string, at: Date): Promise<boolean> {
  const running = await trx.selectFrom('pbx_holds').select('id').where('call_id', '=', callId).where('ended_at', 'is', null).executeTakeFirst();
  if (running) return false;
  const row = await trx.insertInto('pbx_holds').values({ call_id: callId, started_at: at }).returning('id').executeTakeFirstOrThrow();
  await recordAudit(trx, actor, { entityType: 'call', entityId: callId, action: 'phone_hold_started', changes: { pbxHoldId: row.id, startedAt: at.toISOString() } });
  return true;
}

/** Ends the call's running phone hold at `at` (never before it began); false if none was running. */
export async function endPhoneHold(trx: Trx, actor: Actor, callId: string, at: Date): Promise<boolean> {
  const running = await trx.selectFrom('pbx_holds').select(['id', 'started_at']).where('call_id', '=', callId).where('ended_at', 'is', null).executeTakeFirst();
  if (!running) return false;
  const endedAt = new Date(Math.max(at.getTime(), running.started_at.getTime()));
  await trx.updateTable('pbx_holds').set({ ended_at: endedAt }).where('id', '=', running.id).execute();
  const clock = holdState(running.started_at, endedAt);
  await recordAudit(trx, actor, {
    entityType: 'call',
    entityId: callId,
    action: 'phone_hold_ended',
    changes: { pbxHoldId: running.id, startedAt: running.started_at.toISOString(), durationSeconds: clock.elapsedSeconds, overLimit: clock.overLimit },
  });
  return true;
}
