// What the API shows of a call: plain JSON (instants as ISO strings), so an idempotent replay
// can return the stored answer as it was.
import { z } from 'zod';
import type { CallEventRow } from '../db/schema.ts';
import { END_REASON_KEYS } from './events.ts';
import type { CallContext, CallWithOperator, TransferLeg } from './repository.ts';
import { initialState, liveState, type CallState } from './rules.ts';
import { holdState } from '../standard/index.ts';

const iso = z.string();

export const CallStatusSchema = z.enum(['ringing', 'active', 'ended']);

export const CallSummary = z.object({
  id: z.uuid(),
  status: CallStatusSchema,
  source: z.enum(['manual', 'pbx']),
  pbxCallId: z.string().nullable(),
  operator: z.object({ id: z.uuid(), fullName: z.string(), operatorNumber: z.number().int().nullable() }).nullable()
    .describe('Null: дзвінок не прийняв жоден оператор — він чекає в черзі або завершився без відповіді (бачать лише керівники)'),
  offeredTo: z.string().nullable().describe('Черга, група чи номер, куди АТС спрямувала дзвінок'),
  calledAgain: z.object({ callId: z.uuid(), at: iso }).nullable()
    .describe('H3: неприйнятий дзвінок, після якого заявник зателефонував знову і його дзвінок прийнято (зворотний дзвінок уже не потрібен)'),
  callerPhone: z.string().nullable().describe('E.164; null — номер невідомий або прихований'),
  callerWithheld: z.boolean().describe('АТС повідомила, що заявник приховав свій номер: показується «Номер приховано»'),
  formOfAddress: z.string().nullable().describe('G4: як заявник просить до нього звертатись'),
  language: z.string().nullable().describe('G1: мова розмови'),
  openedAt: iso,
  answeredAt: iso.nullable(),
  endedAt: iso.nullable(),
  endReason: z.enum(END_REASON_KEYS).nullable(),
  phoneHoldSince: iso.nullable().describe('H5: з якого часу триває утримання, поставлене на телефоні (АТС); null — немає'),
});
export type CallSummary = z.infer<typeof CallSummary>;

export const TimelineEvent = z.object({
  seq: z.number().int(),
  type: z.string(),
  at: iso,
  source: z.enum(['operator', 'pbx']),
  actorUserId: z.string().nullable(),
  data: z.record(z.string(), z.unknown()),
});
export type TimelineEvent = z.infer<typeof TimelineEvent>;

const Clock = { startedAt: iso, elapsedSeconds: z.number(), remainingSeconds: z.number() };

export const LiveView = z.object({
  onHold: z.boolean(),
  hold: z.object({ ...Clock, overLimit: z.boolean(), warning: z.boolean() }).nullable().describe('H5: годинник очікування'),
  badAudio: z.object({ ...Clock, mayEnd: z.boolean() }).nullable().describe('T1: 10-секундний годинник'),
  abuseWarned: z.boolean().describe('D3: заявника вже попереджено'),
  mayEndFor: z.array(z.enum(END_REASON_KEYS)).describe('З якими причинами дзвінок можна завершити зараз'),
  phoneHold: z.object({ ...Clock, overLimit: z.boolean(), warning: z.boolean(), consentRecorded: z.boolean() }).nullable()
    .describe('H5: утримання, поставлене на телефоні (АТС), що триває; consentRecorded — чи оператор зафіксував і згоду заявника (H1), тобто чи триває й очікування за Стандартом'),
});

/** The other leg of a transfer the exchange made: each operator keeps their own call and timeline. */
export const TransferLegView = z.object({
  id: z.uuid(),
  operator: z.object({ id: z.uuid(), operatorNumber: z.number().int().nullable() }),
  at: iso.describe('Коли виклик переключено'),
});
export type TransferLegView = z.infer<typeof TransferLegView>;

export const CallView = CallSummary.extend({
  direction: z.enum(['inbound', 'outbound']).nullable().describe('За даними АТС: заявник зателефонував (inbound) чи оператор набрав заявника (outbound); null — дзвінок відкрито вручну'),
  transferredFrom: TransferLegView.nullable().describe('Дзвінок, з якого АТС переключила заявника на цей (той самий linkedId)'),
  transferredTo: TransferLegView.nullable().describe('Дзвінок, на який АТС переключила заявника з цього'),
  timeline: z.array(TimelineEvent),
  live: LiveView,
});
export type CallView = z.infer<typeof CallView>;

const legView = (leg: TransferLeg | null): TransferLegView | null =>
  leg && { id: leg.id, operator: { id: leg.operator_id, operatorNumber: leg.operator_number }, at: leg.at.toISOString() };

export function callSummary(call: CallWithOperator): CallSummary {
  return {
    id: call.id,
    status: call.status,
    source: call.source,
    pbxCallId: call.pbx_call_id,
    operator: call.operator_id === null ? null : { id: call.operator_id, fullName: call.operator_full_name ?? '', operatorNumber: call.operator_number },
    offeredTo: call.offered_to,
    calledAgain: call.called_again_call_id === null ? null : { callId: call.called_again_call_id, at: call.called_again_at!.toISOString() },
    callerPhone: call.caller_phone,
    callerWithheld: call.caller_withheld,
    formOfAddress: call.form_of_address,
    language: call.language,
    openedAt: call.opened_at.toISOString(),
    answeredAt: call.answered_at?.toISOString() ?? null,
    endedAt: call.ended_at?.toISOString() ?? null,
    endReason: call.end_reason as CallSummary['endReason'],
    phoneHoldSince: call.phone_hold_started_at?.toISOString() ?? null,
  };
}

export function timelineEvent(row: CallEventRow): TimelineEvent {
  const { source, ...data } = row.data as { source?: 'operator' | 'pbx' } & Record<string, unknown>;
  return {
    seq: row.seq,
    type: row.type,
    at: row.at.toISOString(),
    source: source ?? 'operator',
    actorUserId: row.actor_user_id,
    data,
  };
}

/** H5 for the hold started on the phone: timed like any hold, ended with the call. */
function phoneHoldClock(call: CallWithOperator, state: CallState, now: Date): CallView['live']['phoneHold'] {
  const startedAt = call.phone_hold_started_at;
  if (!startedAt || call.status === 'ended') return null;
  const clock = holdState(startedAt, new Date(Math.max(now.getTime(), startedAt.getTime())));
  return { startedAt: startedAt.toISOString(), ...clock, consentRecorded: state.hold !== null };
}

/** The call, what the exchange told of it (direction, the legs of a transfer), its timeline and the live clocks as of `now`. */
export function callView(call: CallWithOperator, events: readonly CallEventRow[], now: Date, context: CallContext): CallView {
  const state = call.last_seq === 0 ? initialState(call.opened_at) : (call.state as unknown as CallState);
  return {
    ...callSummary(call),
    direction: context.direction,
    transferredFrom: legView(context.transferredFrom),
    transferredTo: legView(context.transferredTo),
    timeline: events.map(timelineEvent),
    live: { ...liveState(state, now), phoneHold: phoneHoldClock(call, state, now) },
  };
}
