// H3, "called again": a caller nobody answered who calls again and is answered has been taken
// care of, so nobody calls them back twice. Their unanswered calls of the last days then name the
// answered call, and the callbacks the missed-call rule scheduled for them, not yet claimed, are
// cancelled (an operator already calling is left to finish). openCall does it for a call opened by
// hand; the exchange's ingest decides the same in memory (src/telephony/ingest.ts).
import type { Transaction } from 'kysely';
import { recordAudit, type Actor, type AuditEntry } from '../audit/audit.ts';
import type { Database } from '../db/schema.ts';

/** How far back an answered call takes care of the same caller's unanswered ones. */
export const CALLED_AGAIN_WINDOW_MS = 7 * 24 * 3_600_000;

/** Why a callback the missed-call rule scheduled is cancelled when the caller's later call was answered. */
export const CALLED_AGAIN_CANCEL_REASON = 'Заявник зателефонував знову, і його дзвінок прийнято';

/** Whether an unanswered call (ended missed or abandoned, not yet taken care of) is one a call answered at `at` takes care of. */
export function calledAgainBy(unanswered: { id: string; ended_at: Date | null }, answered: { id: string; at: Date }): boolean {
  if (unanswered.id === answered.id || unanswered.ended_at === null) return false;
  const ended = unanswered.ended_at.getTime();
  return ended <= answered.at.getTime() && ended >= answered.at.getTime() - CALLED_AGAIN_WINDOW_MS;
}

/** The audit entry of an unanswered call taken care of by `callId`. */
export function calledAgainAudit(unansweredId: string, callId: string): AuditEntry {
  return { entityType: 'call', entityId: unansweredId, action: 'called_again', changes: { calledAgainCallId: callId } };
}

/** The audit entry of a callback cancelled so (`callId`: the answered call). */
export function calledAgainCancelAudit(callbackId: string, callId: string): AuditEntry {
  return { entityType: 'callback', entityId: callbackId, action: 'cancelled', changes: { status: { from: 'scheduled', to: 'cancelled' }, calledAgainCallId: callId } };
}

/** Marks the caller's unanswered calls the answered `call` takes care of, and cancels their rule's callbacks. */
export async function markCalledAgain(trx: Transaction<Database>, actor: Actor, call: { id: string; caller_phone: string }, at: Date): Promise<void> {
  const candidates = await trx.selectFrom('calls').select(['id', 'ended_at'])
    // The partial index calls_unanswered_idx.
    .where('caller_phone', '=', call.caller_phone).where('end_reason', 'in', ['missed', 'abandoned']).where('called_again_call_id', 'is', null)
    .where('ended_at', '>=', new Date(at.getTime() - CALLED_AGAIN_WINDOW_MS)).where('ended_at', '<=', at)
    .orderBy('id').forUpdate().execute();
  const ids = candidates.filter((unanswered) => calledAgainBy(unanswered, { id: call.id, at })).map((unanswered) => unanswered.id);
  if (ids.length === 0) return;
  await trx.updateTable('calls').set({ called_again_call_id: call.id, called_again_at: at }).where('id', 'in', ids).execute();
  for (const id of ids) await recordAudit(trx, actor, calledAgainAudit(id, call.id));
  // A cancelled callback names who closed it; every actor that answers calls is a user.
  const closedBy = actor.userId;
  if (closedBy === null) return;
  const cancelled = await trx.updateTable('callbacks')
    .set((eb) => ({ status: 'cancelled', cancel_reason: CALLED_AGAIN_CANCEL_REASON, closed_at: at, closed_by: closedBy, updated_at: at, version: eb('version', '+', 1) }))
    .where('call_id', 'in', ids).where('origin', '=', 'missed_call').where('status', '=', 'scheduled')
    .returning('id').execute();
  for (const { id } of cancelled.sort((a, b) => a.id.localeCompare(b.id))) await recordAudit(trx, actor, calledAgainCancelAudit(id, call.id));
}
