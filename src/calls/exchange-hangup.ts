// After the operator ended a call from the exchange for no audio (T2) or an abusive caller (D3), the
// exchange is asked to drop the line too (through the CallControl the process was given), and the
// outcome is recorded and told to the operator.
import { z } from 'zod';
import type { Actor } from '../audit/audit.ts';
import { recordAudit } from '../audit/audit.ts';
import type { Db } from '../db/database.ts';
import type { CallControl, ExchangeHangupReason, HangupOutcome } from '../telephony/ports/call-control.ts';
import type { CallEvent, EndReason } from './events.ts';

/** The endings the operator decides on the call's behalf, after which the exchange must drop the line. */
const ENDED_BY_DOVIRA: ReadonlySet<EndReason> = new Set<ExchangeHangupReason>(['no_audio', 'abusive_caller']);
const endedByDovira = (reason: EndReason): reason is ExchangeHangupReason => ENDED_BY_DOVIRA.has(reason);

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
  if (event.type !== 'ended' || !endedByDovira(event.reason)) return undefined;
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
