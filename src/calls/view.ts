// What the API shows of a call: plain JSON (instants as ISO strings), so an idempotent replay
// can return the stored answer as it was.
import { z } from 'zod';
import type { CallEventRow } from '../db/schema.ts';
import { END_REASON_KEYS } from './events.ts';
import type { CallWithOperator } from './repository.ts';
import { initialState, liveState, type CallState } from './rules.ts';

const iso = z.string();

export const CallStatusSchema = z.enum(['ringing', 'active', 'ended']);

export const CallSummary = z.object({
  id: z.uuid(),
  status: CallStatusSchema,
  source: z.enum(['manual', 'pbx']),
  pbxCallId: z.string().nullable(),
  operator: z.object({ id: z.uuid(), fullName: z.string(), operatorNumber: z.number().int().nullable() }),
  callerPhone: z.string().nullable(),
  formOfAddress: z.string().nullable().describe('G4: як заявник просить до нього звертатись'),
  language: z.string().nullable().describe('G1: мова розмови'),
  openedAt: iso,
  answeredAt: iso.nullable(),
  endedAt: iso.nullable(),
  endReason: z.enum(END_REASON_KEYS).nullable(),
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
});

export const CallView = CallSummary.extend({ timeline: z.array(TimelineEvent), live: LiveView });
export type CallView = z.infer<typeof CallView>;

export function callSummary(call: CallWithOperator): CallSummary {
  return {
    id: call.id,
    status: call.status,
    source: call.source,
    pbxCallId: call.pbx_call_id,
    operator: { id: call.operator_id, fullName: call.operator_full_name, operatorNumber: call.operator_number },
    callerPhone: call.caller_phone,
    formOfAddress: call.form_of_address,
    language: call.language,
    openedAt: call.opened_at.toISOString(),
    answeredAt: call.answered_at?.toISOString() ?? null,
    endedAt: call.ended_at?.toISOString() ?? null,
    endReason: call.end_reason as CallSummary['endReason'],
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

/** The call, its timeline and the live clocks as of `now`. */
export function callView(call: CallWithOperator, events: readonly CallEventRow[], now: Date): CallView {
  const state = call.last_seq === 0 ? initialState(call.opened_at) : (call.state as unknown as CallState);
  return { ...callSummary(call), timeline: events.map(timelineEvent), live: liveState(state, now) };
}
