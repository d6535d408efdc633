// The SQL of calls nobody answered (H3): the list a supervisor works from and the figures of a
// period. "Unanswered" is a call the exchange ended as abandoned (the caller hung up while waiting)
// or missed (nobody answered until the exchange gave up).
import { sql, type Kysely } from 'kysely';
import type { CallbackOrigin, CallbackStatus, Database } from '../db/schema.ts';
import type { Cursor } from '../http/pagination.ts';

export const UNANSWERED_END_REASONS = ['abandoned', 'missed'] as const;
export type UnansweredEndReason = (typeof UNANSWERED_END_REASONS)[number];

/** How soon after the call's end a caller counts as called back "within the hour". */
export const CALLED_BACK_WITHIN_MINUTES = 60;

export interface UnansweredFilter {
  /** Offered at or after. */
  from?: Date | undefined;
  /** Offered before. */
  to?: Date | undefined;
  endReason?: UnansweredEndReason | undefined;
  /** Only those still needing someone: not called again, and their callback (if any) neither done nor cancelled. */
  open?: boolean | undefined;
  cursor?: Cursor | undefined;
  limit: number;
}

export interface UnansweredRow {
  id: string;
  caller_phone: string | null;
  caller_withheld: boolean;
  offered_to: string | null;
  operator_id: string | null;
  operator_number: number | null;
  operator_full_name: string | null;
  opened_at: Date;
  ended_at: Date | null;
  /** From the offer to the end, in whole seconds (the same count as the missed-call rule's). */
  waited_seconds: number;
  end_reason: string | null;
  called_again_call_id: string | null;
  called_again_at: Date | null;
  callback_id: string | null;
  callback_status: CallbackStatus | null;
  callback_due_at: Date | null;
  callback_origin: CallbackOrigin | null;
}

/** Unanswered calls, newest first, each with the operator it rang (if any) and its latest callback. */
export async function listUnanswered(db: Kysely<Database>, filter: UnansweredFilter): Promise<UnansweredRow[]> {
  let query = db.selectFrom('calls')
    .leftJoin('users as operator', 'operator.id', 'calls.operator_id')
    // A call may have had more than one callback (one cancelled, another scheduled): the latest says where it stands.
    .leftJoinLateral(
      (eb) => eb.selectFrom('callbacks').select(['callbacks.id', 'callbacks.status', 'callbacks.due_at', 'callbacks.origin'])
        .whereRef('callbacks.call_id', '=', 'calls.id').orderBy('callbacks.created_at', 'desc').orderBy('callbacks.id', 'desc').limit(1).as('callback'),
      (join) => join.onTrue(),
    )
    .select([
      'calls.id', 'calls.caller_phone', 'calls.caller_withheld', 'calls.offered_to', 'calls.operator_id', 'operator.operator_number', 'operator.full_name as operator_full_name',
      'calls.opened_at', 'calls.ended_at', 'calls.end_reason', 'calls.called_again_call_id', 'calls.called_again_at',
      sql<number>`coalesce(greatest(0, round(extract(epoch FROM calls.ended_at - calls.opened_at))), 0)::int`.as('waited_seconds'),
      'callback.id as callback_id', 'callback.status as callback_status', 'callback.due_at as callback_due_at', 'callback.origin as callback_origin',
    ])
    .where('calls.end_reason', 'in', filter.endReason ? [filter.endReason] : [...UNANSWERED_END_REASONS])
    .orderBy('calls.opened_at', 'desc').orderBy('calls.id', 'desc')
    .limit(filter.limit + 1);
  if (filter.from) query = query.where('calls.opened_at', '>=', filter.from);
  if (filter.to) query = query.where('calls.opened_at', '<', filter.to);
  if (filter.open) {
    query = query.where('calls.called_again_call_id', 'is', null)
      .where((eb) => eb.or([eb('callback.id', 'is', null), eb('callback.status', 'in', ['scheduled', 'in_progress'])]));
  }
  if (filter.cursor) {
    query = query.where(sql<boolean>`(calls.opened_at, calls.id) < (${filter.cursor.at}::timestamptz, ${filter.cursor.id}::uuid)`);
  }
  return query.execute();
}

export interface UnansweredFigures {
  offered: number;
  answered: number;
  abandoned: number;
  missed: number;
  /** Of the unanswered ones, in whole seconds; null when there were none. */
  averageWaitSeconds: number | null;
  longestWaitSeconds: number | null;
  /** Unanswered calls whose callback was first tried, or whose caller called again, within the hour after the call ended. */
  calledBackWithinHour: number;
}

/**
 * The figures of the calls offered in [from, to), in one statement. A transferred caller's second
 * leg is the same caller's call, so only first legs are counted.
 */
export async function unansweredFigures(db: Kysely<Database>, from: Date, to: Date): Promise<UnansweredFigures> {
  const within = `${CALLED_BACK_WITHIN_MINUTES} minutes`;
  const result = await sql<{
    offered: string; answered: string; abandoned: string; missed: string;
    average_wait: string | null; longest_wait: string | null; called_back: string;
  }>`
    WITH period AS (
      SELECT c.id, c.answered_at, c.end_reason, c.opened_at, c.ended_at, c.called_again_at
      FROM calls c
      WHERE c.opened_at >= ${from} AND c.opened_at < ${to} AND c.transferred_from_call_id IS NULL
    ),
    unanswered AS (
      SELECT p.*, extract(epoch FROM p.ended_at - p.opened_at) AS waited,
        (p.called_again_at IS NOT NULL AND p.called_again_at <= p.ended_at + ${within}::interval)
        OR EXISTS (
          SELECT 1 FROM callbacks b JOIN callback_attempts a ON a.callback_id = b.id
          WHERE b.call_id = p.id AND a.started_at <= p.ended_at + ${within}::interval
        ) AS called_back
      FROM period p
      WHERE p.end_reason IN ('abandoned', 'missed') AND p.ended_at IS NOT NULL
    )
    SELECT
      (SELECT count(*) FROM period) AS offered,
      (SELECT count(*) FROM period WHERE answered_at IS NOT NULL) AS answered,
      (SELECT count(*) FROM unanswered WHERE end_reason = 'abandoned') AS abandoned,
      (SELECT count(*) FROM unanswered WHERE end_reason = 'missed') AS missed,
      (SELECT round(avg(waited)) FROM unanswered) AS average_wait,
      (SELECT round(max(waited)) FROM unanswered) AS longest_wait,
      (SELECT count(*) FROM unanswered WHERE called_back) AS called_back
  `.execute(db);
  const row = result.rows[0]!;
  const seconds = (value: string | null) => (value === null ? null : Number(value));
  return {
    offered: Number(row.offered),
    answered: Number(row.answered),
    abandoned: Number(row.abandoned),
    missed: Number(row.missed),
    averageWaitSeconds: seconds(row.average_wait),
    longestWaitSeconds: seconds(row.longest_wait),
    calledBackWithinHour: Number(row.called_back),
  };
}
