// What the API shows of a callback: plain JSON with instants as ISO strings and Ukrainian labels.
import { z } from 'zod';
import type { Selectable } from 'kysely';
import type { CallbackAttemptsTable, CallbacksTable } from '../db/schema.ts';
import { CALLBACK_ORIGINS } from '../db/tables/callbacks.ts';
import { waitedSeconds } from './missed-call-rule.ts';
import {
  ATTEMPT_OUTCOME_LABELS,
  ATTEMPT_OUTCOMES,
  CALLBACK_STATUS_LABELS,
  CALLBACK_STATUSES,
  CLOSE_OUTCOME_LABELS,
  CLOSE_OUTCOMES,
  OPEN_STATUSES,
} from './labels.ts';

export type CallbackRow = Selectable<CallbacksTable>;
export type AttemptRow = Selectable<CallbackAttemptsTable>;
/** The unanswered call (abandoned or missed, H3) a callback was scheduled after; null columns for any other. */
export interface UnansweredCallFacts {
  unanswered_opened_at: Date | null;
  unanswered_ended_at: Date | null;
  unanswered_end_reason: string | null;
}
export interface ListedCallback extends CallbackRow, UnansweredCallFacts {
  attempt_count: number;
}

export const CallbackStatusSchema = z.enum(CALLBACK_STATUSES, { error: `Стан: один з ${CALLBACK_STATUSES.join(', ')}` });
export const AttemptOutcomeSchema = z.enum(ATTEMPT_OUTCOMES, { error: `Результат спроби: один з ${ATTEMPT_OUTCOMES.join(', ')}` });
export const CloseOutcomeSchema = z.enum(CLOSE_OUTCOMES, { error: `Результат: один з ${CLOSE_OUTCOMES.join(', ')}` });

export const AttemptView = z.object({
  id: z.uuid(),
  operatorId: z.uuid(),
  startedAt: z.string(),
  endedAt: z.string(),
  outcome: AttemptOutcomeSchema,
  outcomeLabel: z.string(),
  note: z.string().nullable(),
});
export type AttemptView = z.infer<typeof AttemptView>;

export const CallbackView = z.object({
  id: z.uuid(),
  callId: z.uuid().nullable().describe('Дзвінок, під час якого домовилися про зворотний дзвінок'),
  appealId: z.uuid().nullable(),
  phone: z.string(),
  reason: z.string(),
  dueAt: z.string(),
  overdue: z.boolean().describe('Час настав, а зворотний дзвінок ще не виконано'),
  queue: z.enum(['shared', 'assigned']).describe('Спільна черга чи доручено конкретному операторові'),
  assignedOperatorId: z.uuid().nullable(),
  status: CallbackStatusSchema,
  statusLabel: z.string(),
  claimedBy: z.uuid().nullable().describe('Оператор, який виконує (виконав) зворотний дзвінок'),
  claimedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  closedBy: z.uuid().nullable(),
  outcome: CloseOutcomeSchema.nullable(),
  outcomeLabel: z.string().nullable(),
  resolution: z.string().nullable(),
  cancelReason: z.string().nullable(),
  createdBy: z.uuid(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number().int(),
  attemptCount: z.number().int(),
  origin: z.enum(CALLBACK_ORIGINS).describe('agreed — домовилися із заявником; missed_call — заплановано правилом для пропущених дзвінків (H3)'),
  unansweredCall: z.object({
    callId: z.uuid(),
    endedAt: z.string(),
    waitedSeconds: z.number().int().describe('Скільки секунд заявник чекав, перш ніж дзвінок завершився'),
    endReason: z.enum(['abandoned', 'missed']),
  }).nullable().describe('Неприйнятий дзвінок, після якого заплановано цей зворотний дзвінок; null — інший'),
});
export type CallbackView = z.infer<typeof CallbackView>;

export const CallbackDetail = CallbackView.extend({ attempts: z.array(AttemptView) });
export type CallbackDetail = z.infer<typeof CallbackDetail>;

export function callbackView(row: CallbackRow, attemptCount: number, now: Date, unanswered: UnansweredCallFacts | undefined): CallbackView {
  return {
    id: row.id,
    callId: row.call_id,
    appealId: row.appeal_id,
    phone: row.phone,
    reason: row.reason,
    dueAt: row.due_at.toISOString(),
    overdue: OPEN_STATUSES.includes(row.status) && row.due_at.getTime() < now.getTime(),
    queue: row.assigned_operator_id === null ? 'shared' : 'assigned',
    assignedOperatorId: row.assigned_operator_id,
    status: row.status,
    statusLabel: CALLBACK_STATUS_LABELS[row.status],
    claimedBy: row.claimed_by,
    claimedAt: row.claimed_at?.toISOString() ?? null,
    closedAt: row.closed_at?.toISOString() ?? null,
    closedBy: row.closed_by,
    outcome: row.outcome,
    outcomeLabel: row.outcome ? CLOSE_OUTCOME_LABELS[row.outcome] : null,
    resolution: row.resolution,
    cancelReason: row.cancel_reason,
    createdBy: row.created_by,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    version: row.version,
    attemptCount,
    origin: row.origin,
    unansweredCall: unansweredCallView(row.call_id, unanswered),
  };
}

function unansweredCallView(callId: string | null, facts: UnansweredCallFacts | undefined): CallbackView['unansweredCall'] {
  if (callId === null || !facts?.unanswered_opened_at || !facts.unanswered_ended_at) return null;
  if (facts.unanswered_end_reason !== 'abandoned' && facts.unanswered_end_reason !== 'missed') return null;
  return {
    callId,
    endedAt: facts.unanswered_ended_at.toISOString(),
    waitedSeconds: waitedSeconds({ opened_at: facts.unanswered_opened_at, ended_at: facts.unanswered_ended_at }),
    endReason: facts.unanswered_end_reason,
  };
}

export function attemptView(row: AttemptRow): AttemptView {
  return {
    id: row.id,
    operatorId: row.operator_id,
    startedAt: row.started_at.toISOString(),
    endedAt: row.ended_at.toISOString(),
    outcome: row.outcome,
    outcomeLabel: ATTEMPT_OUTCOME_LABELS[row.outcome],
    note: row.note,
  };
}
