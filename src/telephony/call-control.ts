// Asking the telephone exchange to act on a call. Today one thing: end a call the operator ended in
// Dovira for no audio (T2) or an abusive caller (D3), so the line closes with the decision. Any
// exchange adapter (kamailio's JSON-RPC, …) implements the port; Dovira works without one, and then
// says so to the operator instead of pretending the line was closed.
import { z } from 'zod';
import type { Actor } from '../audit/audit.ts';
import { recordAudit } from '../audit/audit.ts';
import type { CallEvent, EndReason } from '../calls/events.ts';
import type { Db } from '../db/database.ts';

export type HangupFailure = 'not_found' | 'unreachable' | 'refused';

/** What became of the request; `message` is Ukrainian, for the operator. Never thrown. */
export type HangupOutcome = { ok: true } | { ok: false; failure: HangupFailure; message: string };

/** The port AppContext carries (optional): what Dovira may ask of the exchange. */
export interface CallControl {
  /** Ends the call the exchange knows as `pbxCallId`, giving `reason` where its protocol can carry it. */
  hangup(request: { pbxCallId: string; reason: EndReason }): Promise<HangupOutcome>;
}

/** The endings the operator decides on the call's behalf, after which the exchange must drop the line. */
const ENDED_BY_DOVIRA: ReadonlySet<EndReason> = new Set(['no_audio', 'abusive_caller']);

export const PbxHangupView = z.object({
  ok: z.boolean().describe('АТС завершила з’єднання'),
  message: z.string().describe('Що сталося, українською: показати оператору'),
}).describe('Лише для дзвінка з АТС, завершеного через відсутність зв’язку (T2) або неприпустимі висловлювання (D3)');
export type PbxHangupView = z.infer<typeof PbxHangupView>;

/**
 * After the operator ended a call from the exchange for no audio or abuse (the ending already
 * committed), asks the exchange to end it too and records the outcome in the audit trail.
 * Undefined when the event is no such ending or the call did not come from the exchange.
 */
export async function hangUpOnExchange(
  db: Db, control: CallControl | undefined, actor: Actor, callId: string, event: CallEvent,
): Promise<PbxHangupView | undefined> {
  if (event.type !== 'ended' || !ENDED_BY_DOVIRA.has(event.reason)) return undefined;
  const call = await db.selectFrom('calls').select(['source', 'pbx_call_id']).where('id', '=', callId).executeTakeFirst();
  if (!call || call.source !== 'pbx' || call.pbx_call_id === null) return undefined;

  const outcome: HangupOutcome = control
    ? await control.hangup({ pbxCallId: call.pbx_call_id, reason: event.reason })
    : { ok: false, failure: 'unreachable', message: 'Керування АТС у Dovira не налаштовано' };
  await db.transaction().execute((trx) => recordAudit(trx, actor, {
    entityType: 'call',
    entityId: callId,
    action: outcome.ok ? 'pbx_hangup_done' : 'pbx_hangup_failed',
    changes: { reason: event.reason, ...(outcome.ok ? {} : { failure: outcome.failure, message: outcome.message }) },
  }));
  return outcome.ok
    ? { ok: true, message: 'АТС завершила з’єднання із заявником' }
    : { ok: false, message: `Дзвінок завершено в Dovira, але АТС не розірвала з’єднання (${outcome.message}). Покладіть слухавку на телефоні.` };
}
