// Receives the exchange's events: each is kept in pbx_events with what became of it, and those
// that change a call go onto its timeline through appendCallEvent, the same rules as the
// operator's own steps. One transaction per event: the event row, the call and the audit agree.
import { sql, type Transaction } from 'kysely';
import type { FastifyBaseLogger } from 'fastify';
import type { Actor } from '../audit/audit.ts';
import { recordAudit } from '../audit/audit.ts';
import type { CallEvent } from '../calls/events.ts';
import { appendCallEvent, openCall } from '../calls/repository.ts';
import { publishCallChanged } from '../calls/live.ts';
import type { LiveBus } from '../live/bus.ts';
import type { CallState } from '../calls/rules.ts';
import type { Db } from '../db/database.ts';
import type { Call, Database } from '../db/schema.ts';
import { normalisePhone } from '../http/fields.ts';
import { recordSurveyOutcome } from '../survey/repository.ts';
import { HttpProblem } from '../http/problem.ts';
import { isKnown, type EventOutcomeView, type KnownPbxEvent, type PbxEvent } from './contract.ts';
import { PROGRESS_EVENTS, SURVEY_TEXT, applied, earlierLeg, endReasonFor, refused, stale, surveyRecordOf, surveyRefusal, type Decision } from './mapping.ts';
import { endPhoneHold, startPhoneHold } from './holds.ts';

type Trx = Transaction<Database>;


/**
 * Handles a batch in the exchange's time order (arrival order breaks ties); answers in the order sent.
 * With `live`, each event that changed a call is announced (call.changed) once its transaction committed.
 */
export async function ingestEvents(db: Db, actor: Actor, events: PbxEvent[], receivedAt: Date, log: FastifyBaseLogger, live?: LiveBus): Promise<EventOutcomeView[]> {
  const ordered = events.map((event, index) => ({ event, index }))
    .sort((a, b) => Date.parse(a.event.timestamp) - Date.parse(b.event.timestamp) || a.index - b.index);
  const results: EventOutcomeView[] = new Array<EventOutcomeView>(events.length);
  for (const { event, index } of ordered) {
    const result = await ingestOne(db, actor, event, receivedAt, log);
    results[index] = result;
    if (live && result.outcome === 'applied' && result.callId) await publishCallChanged(db, live, result.callId);
  }
  return results;
}

async function ingestOne(db: Db, actor: Actor, event: PbxEvent, receivedAt: Date, log: FastifyBaseLogger): Promise<EventOutcomeView> {
  const decision = await db.transaction().execute(async (trx) => {
    // Repeats of one event, and events of one call, are handled one at a time, whatever the process.
    await sql`SELECT pg_advisory_xact_lock(hashtext(${`pbx-event:${event.eventId}`}))`.execute(trx);
    const seen = await trx.selectFrom('pbx_events').select('call_id')
      .where('pbx_event_id', '=', event.eventId).where('outcome', '<>', 'duplicate').executeTakeFirst();
    let result: Decision;
    if (seen) {
      result = { outcome: 'duplicate', reason: 'Цю подію вже отримано: повтор нічого не змінює', callId: seen.call_id };
    } else if (!isKnown(event)) {
      // Only the type reaches the log: the rest of the payload may carry phone numbers.
      log.warn({ pbxEventType: event.type }, 'PBX event of unknown type kept and ignored');
      const call = await callOf(trx, event.callId);
      result = { outcome: 'ignored_unknown_type', reason: `Невідомий тип події «${event.type}»: збережено без змін`, callId: call?.id ?? null };
    } else {
      await sql`SELECT pg_advisory_xact_lock(hashtext(${`pbx-call:${event.callId}`}))`.execute(trx);
      // The legs of one transfer are opened one at a time: the later one must see the earlier one.
      if (event.linkedId !== undefined) await sql`SELECT pg_advisory_xact_lock(hashtext(${`pbx-linked:${event.linkedId}`}))`.execute(trx);
      result = await decide(trx, actor, event);
    }
    await keep(trx, actor, event, receivedAt, result);
    return result;
  });
  return { eventId: event.eventId, type: event.type, ...decision };
}

async function keep(trx: Trx, actor: Actor, event: PbxEvent, receivedAt: Date, decision: Decision): Promise<void> {
  const row = await trx.insertInto('pbx_events').values({
    pbx_event_id: event.eventId,
    pbx_call_id: event.callId,
    linked_id: event.linkedId ?? null,
    type: event.type,
    occurred_at: new Date(event.timestamp),
    received_at: receivedAt,
    payload: JSON.stringify(event),
    outcome: decision.outcome,
    reason: decision.reason,
    call_id: decision.callId,
  }).returning('id').executeTakeFirstOrThrow();
  // Ids and codes only: the payload's numbers stay in pbx_events.
  await recordAudit(trx, actor, {
    entityType: 'pbx_event',
    entityId: row.id,
    action: decision.outcome,
    changes: { type: event.type, pbxEventId: event.eventId, callId: decision.callId },
  });
}

function callOf(trx: Trx, pbxCallId: string): Promise<Call | undefined> {
  return trx.selectFrom('calls').selectAll().where('pbx_call_id', '=', pbxCallId).executeTakeFirst();
}

async function decide(trx: Trx, actor: Actor, event: KnownPbxEvent): Promise<Decision> {
  const at = new Date(event.timestamp);
  const call = await callOf(trx, event.callId);
  if (call && PROGRESS_EVENTS.has(event.type)) {
    const latest = await trx.selectFrom('pbx_events').select((eb) => eb.fn.max('occurred_at').as('at'))
      .where('pbx_call_id', '=', event.callId).where('outcome', '=', 'applied').executeTakeFirst();
    if (latest?.at && at.getTime() < new Date(latest.at).getTime()) {
      return stale(call.id, 'Подія старша за вже застосовану: стан дзвінка назад не повертається');
    }
  }

  switch (event.type) {
    case 'offered': {
      const callerPhone = normalisePhone(event.direction === 'inbound' ? event.from : event.to);
      if (call) {
        if (call.caller_phone !== null || callerPhone === null) return stale(call.id, 'Дзвінок уже зареєстровано');
        // The exchange told of the operator's phone ringing before it told of the call itself.
        await trx.updateTable('calls').set({ caller_phone: callerPhone }).where('id', '=', call.id).execute();
        await recordAudit(trx, actor, { entityType: 'call', entityId: call.id, action: 'caller_phone_added', changes: { source: 'pbx' } });
        return applied(call.id, 'До вже зареєстрованого дзвінка додано номер заявника');
      }
      const operatorId = await operatorAt(trx, event.direction === 'inbound' ? event.to : event.from);
      if (!operatorId) return applied(null, 'Дзвінок у черзі: оператора визначить подія ringing або answered');
      const opened = await openPbxCall(trx, actor, { operatorId, callerPhone, pbxCallId: event.callId, linkedId: event.linkedId }, at);
      return applied(opened.id, 'Дзвінок зареєстровано, він дзвонить оператору');
    }
    case 'ringing': {
      if (call) return call.status === 'ringing' ? applied(call.id, 'Дзвінок дзвонить оператору') : stale(call.id, 'Дзвінок уже прийнято або завершено');
      const opened = await openFromExtension(trx, actor, event.callId, event.linkedId, event.extension, at);
      return opened ? applied(opened.id, 'Дзвінок зареєстровано, він дзвонить оператору') : refused(null, unknownExtension(event.extension));
    }
    case 'answered': {
      let target: Call | null | undefined = call;
      if (!target) {
        if (event.extension === undefined) return refused(null, 'Дзвінок не зареєстровано і не вказано внутрішній номер оператора (extension)');
        target = await openFromExtension(trx, actor, event.callId, event.linkedId, event.extension, at);
        if (!target) return refused(null, unknownExtension(event.extension));
      }
      if (target.status === 'ended') return stale(target.id, 'Дзвінок уже завершено: прийняття після завершення не застосовано');
      if (target.status === 'active') return stale(target.id, 'Дзвінок уже прийнято');
      return append(trx, actor, target.id, { type: 'answered' }, at, 'Дзвінок прийнято');
    }
    case 'hold':
      // H1: consent is the operator's to record; the exchange cannot know it, so it never invents a
      // Standard hold. The phone's hold is kept apart and timed, so H5's alert still comes.
      return onCall(call, at, async (id) => {
        if (call!.status !== 'active') return refused(id, 'Дзвінок ще не прийнято: поставити на утримання неможливо');
        return await startPhoneHold(trx, actor, id, at)
          ? applied(id, 'Телефон поставив заявника на утримання: час відстежується (H5); згоду заявника (H1) фіксує оператор')
          : stale(id, 'Заявник уже на утриманні на телефоні');
      });
    case 'unhold':
      return onCall(call, at, async (id) => {
        // The phone took the caller back: the Standard hold the operator recorded ends with it.
        const standard = (call!.state as unknown as CallState).hold
          ? await append(trx, actor, id, { type: 'hold_ended' }, at, 'Очікування завершено')
          : null;
        const phone = await endPhoneHold(trx, actor, id, at);
        if (standard) return standard.outcome === 'applied' || !phone ? standard : applied(id, 'Телефон зняв заявника з утримання');
        return phone ? applied(id, 'Телефон зняв заявника з утримання') : refused(id, 'Заявник зараз не очікує на лінії: немає очікування, яке можна завершити');
      });
    case 'transfer':
      return onCall(call, at, (id) => append(trx, actor, id, { type: 'transferred', to: event.to }, at, 'Виклик переключено'));
    case 'hangup': {
      if (!call) return refused(null, 'Дзвінок не дійшов до жодного оператора: у Dovira його не зареєстровано');
      // Whoever ended the call, the line is closed now: so is a hold on the phone.
      await endPhoneHold(trx, actor, call.id, at);
      if (call.status === 'ended') return stale(call.id, 'Дзвінок уже завершено');
      const state = call.state as unknown as CallState;
      const reason = endReasonFor(state, event.by);
      // The exchange says the line is closed, so a running hold ended with it.
      if (state.hold && reason !== 'caller_hung_up' && reason !== 'transferred') {
        const closed = await append(trx, actor, call.id, { type: 'hold_ended' }, at, '');
        if (closed.outcome !== 'applied') return closed;
      }
      return append(trx, actor, call.id, { type: 'ended', reason }, at, `Дзвінок завершено (${reason})`);
    }
    case 'survey_result': {
      if (!call) return refused(null, SURVEY_TEXT.noCall);
      const refusal = surveyRefusal(call);
      if (refusal) return refused(call.id, refusal);
      return await recordSurveyOutcome(trx, actor, surveyRecordOf(call, event.score, at))
        ? applied(call.id, SURVEY_TEXT.rated(event.score))
        : stale(call.id, SURVEY_TEXT.alreadyRated);
    }
    case 'dtmf':
    case 'recording_ready':
      return applied(call?.id ?? null, 'Збережено; на перебіг дзвінка не впливає');
  }
}

/** Runs `work` on a call that exists and is not over, or says why not. */
async function onCall(call: Call | undefined, at: Date, work: (callId: string) => Promise<Decision>): Promise<Decision> {
  if (!call) return refused(null, 'Дзвінок з таким ідентифікатором АТС не зареєстровано');
  if (call.status === 'ended') {
    return call.ended_at && at.getTime() < call.ended_at.getTime()
      ? stale(call.id, 'Подія надійшла після завершення дзвінка')
      : refused(call.id, 'Дзвінок уже завершено: нові події до нього не додаються');
  }
  return work(call.id);
}

/** Through the call rules: a refusal is kept as the event's outcome with the rules' own words. */
async function append(trx: Trx, actor: Actor, callId: string, event: CallEvent, at: Date, done: string): Promise<Decision> {
  try {
    await appendCallEvent(trx, actor, callId, event, 'pbx', at);
    return applied(callId, done);
  } catch (error) {
    // The rules refuse before anything is written, so the transaction is still sound.
    if (error instanceof HttpProblem && error.status === 422) return refused(callId, error.message);
    throw error;
  }
}

async function operatorAt(trx: Trx, extension: string): Promise<string | null> {
  const row = await trx.selectFrom('pbx_extensions')
    .innerJoin('users', 'users.id', 'pbx_extensions.operator_id')
    .select('users.id')
    .where('pbx_extensions.extension', '=', extension)
    .where('pbx_extensions.active', '=', true)
    .where('users.active', '=', true)
    .where('users.role', '=', 'operator')
    .executeTakeFirst();
  return row?.id ?? null;
}

/** Opens a call first named by ringing/answered, with the number from its queued `offered`, if any. */
async function openFromExtension(trx: Trx, actor: Actor, pbxCallId: string, linkedId: string | undefined, extension: string, at: Date): Promise<Call | null> {
  const operatorId = await operatorAt(trx, extension);
  if (!operatorId) return null;
  const offered = await trx.selectFrom('pbx_events').select(['payload', 'occurred_at'])
    .where('pbx_call_id', '=', pbxCallId).where('type', '=', 'offered').where('outcome', '=', 'applied')
    .orderBy('occurred_at').executeTakeFirst();
  const payload = offered?.payload as { from?: string; to?: string; direction?: string } | undefined;
  const party = payload?.direction === 'outbound' ? payload.to : payload?.from;
  const callerPhone = party === undefined ? null : normalisePhone(party);
  return openPbxCall(trx, actor, { operatorId, callerPhone, pbxCallId, linkedId }, offered?.occurred_at ?? at);
}

/**
 * Opens a call the exchange reported, with its linked id. When an earlier leg of the same linked id
 * is found (earlierLeg: the caller was transferred here), the new call remembers it and takes the
 * citizen's number from it: the new leg's own "from" may be the transferring operator's extension.
 * The two calls stay apart, each with its own operator and timeline.
 */
async function openPbxCall(trx: Trx, actor: Actor, input: { operatorId: string; callerPhone: string | null; pbxCallId: string; linkedId: string | undefined }, at: Date): Promise<Call> {
  const linkedId = input.linkedId ?? null;
  const earlier = linkedId === null ? null : earlierLeg(
    await trx.selectFrom('calls').selectAll().where('pbx_linked_id', '=', linkedId).execute(),
    { pbxCallId: input.pbxCallId, openedAt: at },
  );
  const callerPhone = earlier?.caller_phone ?? input.callerPhone;
  const call = await openCall(trx, actor, {
    operatorId: input.operatorId,
    source: 'pbx',
    callerPhone,
    pbxCallId: input.pbxCallId,
    pbxLinkedId: linkedId,
    transferredFromCallId: earlier?.id ?? null,
    answered: false,
  }, 'pbx', at);
  if (earlier) {
    await recordAudit(trx, actor, {
      entityType: 'call',
      entityId: call.id,
      action: 'transfer_leg_linked',
      changes: { transferredFromCallId: earlier.id, callerPhoneFromEarlierLeg: earlier.caller_phone !== null && earlier.caller_phone !== input.callerPhone },
    });
  }
  return call;
}

const unknownExtension = (extension: string) => `Внутрішній номер «${extension}» не закріплено за жодним активним оператором`;
