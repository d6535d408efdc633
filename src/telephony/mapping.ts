// Pure decisions about the exchange's events: no I/O, so they are easy to read and to test.
import type { AuditEntry } from '../audit/audit.ts';
import type { EndReason } from '../calls/events.ts';
import type { CallState } from '../calls/rules.ts';
import type { SurveyRecord } from '../survey/repository.ts';
import type { PbxEvent, PbxEventType } from './contract.ts';
import type { PbxEventOutcome } from '../db/schema.ts';

/**
 * Events that describe a point in the call's progress: one older than the call's latest applied
 * event would move the call backwards (ringing after answered, hold after unhold), so it is stale.
 */
export const PROGRESS_EVENTS: ReadonlySet<string> = new Set<PbxEventType>(['offered', 'ringing', 'answered', 'hold', 'unhold']);

/** Why a call ended, from the exchange's view of who hung up and the call's state. */
export function endReasonFor(state: Pick<CallState, 'status' | 'transferredTo'>, by: 'caller' | 'operator' | 'system'): EndReason {
  if (state.status === 'ringing') return by === 'caller' ? 'abandoned' : 'missed';
  if (state.transferredTo !== null) return 'transferred';
  return by === 'caller' ? 'caller_hung_up' : 'completed';
}

/** Zammad's hangup causes in which the caller gave up; the others are the exchange's doing. */
const CALLER_CAUSES = new Set(['cancel', 'abandon']);

export function zammadHangupBy(cause: string | undefined): 'caller' | 'system' {
  return cause !== undefined && CALLER_CAUSES.has(cause) ? 'caller' : 'system';
}

/** What became of one event of the exchange, and why: kept with the event in pbx_events. */
export interface Decision {
  outcome: PbxEventOutcome;
  reason: string;
  callId: string | null;
}

/**
 * What the route that received an event knows of it and the call rules do not decide by (its caller's
 * number is blocked): added to the reason kept with it and answered. Held by the event object, so
 * no exchange can send it as a field.
 */
const receiptNotes = new WeakMap<PbxEvent, string>();

export function noteOnReceipt(event: PbxEvent, note: string): void {
  receiptNotes.set(event, note);
}

/** The decision's reason, with the receipt's note when there is one. */
export function reasonWithNote(event: PbxEvent, reason: string | null): string | null {
  const note = receiptNotes.get(event);
  if (note === undefined) return reason;
  return reason ? `${reason}. ${note}` : note;
}

/** The row an event of the exchange is kept as in pbx_events, with what became of it (payload: its JSON). */
export function pbxEventRow(event: PbxEvent, receivedAt: Date, decision: Decision) {
  return {
    pbx_event_id: event.eventId,
    pbx_call_id: event.callId,
    linked_id: event.linkedId ?? null,
    type: event.type,
    occurred_at: new Date(event.timestamp),
    received_at: receivedAt,
    payload: event,
    outcome: decision.outcome,
    reason: reasonWithNote(event, decision.reason),
    call_id: decision.callId,
  };
}

/** The audit entry of a kept event (`id`): ids and codes only, the payload's numbers stay in pbx_events. */
export function pbxEventAudit(id: string, row: ReturnType<typeof pbxEventRow>): AuditEntry {
  return { entityType: 'pbx_event', entityId: id, action: row.outcome, changes: { type: row.type, pbxEventId: row.pbx_event_id, callId: row.call_id } };
}

export const applied = (callId: string | null, reason: string): Decision => ({ outcome: 'applied', reason, callId });
export const stale = (callId: string | null, reason: string): Decision => ({ outcome: 'stale', reason, callId });
export const refused = (callId: string | null, reason: string): Decision => ({ outcome: 'refused', reason, callId });

/**
 * Why each event of the exchange became what it did: the words kept with it in pbx_events and
 * answered to the exchange (its `reason`). The call rules' own refusals come from src/calls/rules.ts.
 */
export const REASON = {
  duplicate: 'Цю подію вже отримано: повтор нічого не змінює',
  unknownType: (type: string) => `Невідомий тип події «${type}»: збережено без змін`,
  olderThanApplied: 'Подія старша за вже застосовану: стан дзвінка назад не повертається',
  unknownExtension: (extension: string) => `Внутрішній номер «${extension}» не закріплено за жодним активним оператором`,
  noSuchCall: 'Дзвінок з таким ідентифікатором АТС не зареєстровано',
  arrivedAfterEnd: 'Подія надійшла після завершення дзвінка',
  callOver: 'Дзвінок уже завершено: нові події до нього не додаються',
  // offered, ringing
  opened: 'Дзвінок зареєстровано, він дзвонить оператору',
  waiting: (offeredTo: string | null) => `Дзвінок зареєстровано без оператора: він чекає${offeredTo === null ? '' : ` («${offeredTo}»)`}, доки його не прийме оператор`,
  alreadyOpened: 'Дзвінок уже зареєстровано',
  callerPhoneAdded: 'До вже зареєстрованого дзвінка додано номер заявника',
  callerWithheld: 'Заявник приховав свій номер',
  ringing: 'Дзвінок дзвонить оператору',
  operatorFound: (extension: string) => `Дзвінок дзвонить оператору з внутрішнім номером «${extension}»: тепер це оператор дзвінка`,
  alreadyAnsweredOrEnded: 'Дзвінок уже прийнято або завершено',
  // answered
  answered: 'Дзвінок прийнято',
  noCallNorExtension: 'Дзвінок не зареєстровано і не вказано внутрішній номер оператора (extension)',
  answeredAfterEnd: 'Дзвінок уже завершено: прийняття після завершення не застосовано',
  alreadyAnswered: 'Дзвінок уже прийнято',
  answeredByNobodyKnown: 'Дзвінок, що чекав без оператора, прийнято без внутрішнього номера (extension): невідомо, хто з операторів його прийняв, тож прийняття не застосовано',
  answeredAtUnknown: (extension: string) =>
    `Дзвінок, що чекав без оператора, прийнято на внутрішньому номері «${extension}», не закріпленому за жодним активним оператором: невідомо, хто його прийняв, тож прийняття не застосовано`,
  // hold, unhold
  phoneHoldStarted: 'Телефон поставив заявника на утримання: час відстежується (H5); згоду заявника (H1) фіксує оператор',
  holdBeforeAnswer: 'Дзвінок ще не прийнято: поставити на утримання неможливо',
  alreadyOnPhoneHold: 'Заявник уже на утриманні на телефоні',
  holdEnded: 'Очікування завершено',
  phoneHoldEnded: 'Телефон зняв заявника з утримання',
  notOnHold: 'Заявник зараз не очікує на лінії: немає очікування, яке можна завершити',
  // transfer, hangup, the rest
  transferred: 'Виклик переключено',
  ended: (reason: EndReason) => `Дзвінок завершено (${reason})`,
  endedWithCallback: (reason: EndReason) => `Дзвінок завершено (${reason}): заявнику заплановано зворотний дзвінок (H3)`,
  alreadyEnded: 'Дзвінок уже завершено',
  hangupOfNoCall: 'Дзвінок не дійшов до жодного оператора: у Dovira його не зареєстровано',
  keptOnly: 'Збережено; на перебіг дзвінка не впливає',
};

/**
 * Q1 by the exchange: a `survey_result` is the citizen's rating of the call, counted for the call's
 * operator once per call (survey_ratings keeps one per call and channel). The survey runs after
 * hang-up, yet the exchange may report it before the hang-up: a call not yet ended in Dovira is
 * rated all the same. A call no operator took has nothing to rate.
 */
export const SURVEY_TEXT = {
  noCall: 'Дзвінок з таким ідентифікатором АТС не зареєстровано: оцінку заявника немає до чого зарахувати',
  notTaken: 'Дзвінок не прийняв жоден оператор: оцінку заявника не зараховано',
  alreadyRated: 'Цей дзвінок уже оцінено: зараховується лише перша оцінка',
  rated: (score: number | null) => (score === null
    ? 'Заявник не оцінив розмову: опитування зараховано як «без відповіді» (Q1)'
    : `Оцінку ${score} зараховано оператору дзвінка (Q1)`),
};

/** Why a call cannot be rated, or null when it can (whether it was rated already is the table's to say). */
export function surveyRefusal(call: { status: 'ringing' | 'active' | 'ended'; answered_at: Date | null }): string | null {
  return call.status === 'ended' && call.answered_at === null ? SURVEY_TEXT.notTaken : null;
}

/** What the survey outcome records: the exchange knows the score only, and when it was given. */
export function surveyRecordOf(call: { id: string; operator_id: string }, score: number | null, at: Date): SurveyRecord {
  return { callId: call.id, operatorId: call.operator_id, channel: 'phone', score, promptsPlayed: 0, invalidKeys: '', sipCallId: null, startedAt: null, recordedAt: at };
}

/**
 * A transfer on an exchange that makes a new call at the next operator (kamailio: a new Call-ID)
 * leaves the caller's first leg ended as transferred, or still up while the next one rings. A linked
 * id seen again later (the exchange restarted, reused an id) is another caller's call: after this
 * long it is not taken for the continuation of an old transfer.
 */
export const TRANSFER_LINK_WINDOW_SECONDS = 600;

/** What earlierLeg reads of a call. */
export interface LegCandidate {
  pbx_call_id: string | null;
  status: 'ringing' | 'active' | 'ended';
  end_reason: string | null;
  opened_at: Date;
  ended_at: Date | null;
}

/**
 * The earlier leg a new call of the same linked id continues, or null: another call, opened no
 * later, that is answered and still going, or ended as transferred within the window. The latest
 * such leg, so in a chain A → B → C the caller came to C from B. Never a call that ended otherwise
 * (nobody transferred that caller) or one still ringing (nobody had taken it).
 */
export function earlierLeg<T extends LegCandidate>(candidates: Iterable<T>, next: { pbxCallId: string; openedAt: Date }): T | null {
  let best: T | null = null;
  const since = next.openedAt.getTime() - TRANSFER_LINK_WINDOW_SECONDS * 1000;
  for (const leg of candidates) {
    if (leg.pbx_call_id === next.pbxCallId || leg.opened_at.getTime() > next.openedAt.getTime()) continue;
    const going = leg.status === 'active';
    const handedOver = leg.status === 'ended' && leg.end_reason === 'transferred' && leg.ended_at !== null && leg.ended_at.getTime() >= since;
    if (!going && !handedOver) continue;
    // Latest first; the exchange's call id breaks a tie the same way whatever order the rows came in.
    if (!best || leg.opened_at.getTime() > best.opened_at.getTime()
      || (leg.opened_at.getTime() === best.opened_at.getTime() && (leg.pbx_call_id ?? '') > (best.pbx_call_id ?? ''))) best = leg;
  }
  return best;
}
