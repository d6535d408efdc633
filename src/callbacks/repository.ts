// The SQL of callbacks. Every statement here is plain PostgreSQL, the same on a server and on PGlite.
import { sql, type Insertable, type Kysely, type Transaction } from 'kysely';
import type { AuditEntry } from '../audit/audit.ts';
import type { CallbackOrigin, CallbacksTable, Database } from '../db/schema.ts';
import type { Cursor } from '../http/pagination.ts';
import { CONVERSATION_OUTCOMES, type CallbackStatus } from './labels.ts';
import type { AttemptsSoFar } from './rules.ts';
import type { AttemptRow, CallbackRow, ListedCallback, UnansweredCallFacts } from './view.ts';

/** How a call ended when nobody answered it (H3): a callback scheduled after one says how long the caller waited. */
const UNANSWERED = ['abandoned', 'missed'];

/** A callback with the number of the operator working it (to name them in a refusal, G3). */
export interface CallbackWithClaimer extends CallbackRow {
  claimer_number: number | null;
}

/** A callback to schedule: agreed by an operator, or scheduled by the missed-call rule (H3). */
export interface NewCallback {
  callId: string | null;
  appealId: string | null;
  phone: string;
  reason: string;
  dueAt: Date;
  /** Null: the shared queue. */
  assignedOperatorId: string | null;
  origin: CallbackOrigin;
  createdBy: string;
}

// The row and audit entry of a new callback, built once: scheduleCallback inserts one, the
// exchange's ingest (src/telephony/ingest.ts) those the missed-call rule schedules, many at once.

/** A new callback's row: scheduled, claimed by nobody; its version starts at the default. */
export function callbackRow(id: string, input: NewCallback, at: Date): Insertable<CallbacksTable> & { origin: CallbackOrigin } {
  return {
    id,
    call_id: input.callId,
    appeal_id: input.appealId,
    phone: input.phone,
    reason: input.reason,
    due_at: input.dueAt,
    assigned_operator_id: input.assignedOperatorId,
    status: 'scheduled',
    claimed_by: null,
    claimed_at: null,
    closed_at: null,
    closed_by: null,
    outcome: null,
    resolution: null,
    cancel_reason: null,
    created_by: input.createdBy,
    created_at: at,
    updated_at: at,
    origin: input.origin,
  };
}

/** The audit entry of a new callback (ids and codes only: the phone and reason stay in the table). */
export function callbackScheduledAudit(id: string, input: NewCallback): AuditEntry {
  return {
    entityType: 'callback',
    entityId: id,
    action: 'scheduled',
    changes: {
      status: 'scheduled',
      callId: input.callId,
      appealId: input.appealId,
      assignedOperatorId: input.assignedOperatorId,
      dueAt: input.dueAt.toISOString(),
      ...(input.origin === 'agreed' ? {} : { origin: input.origin }),
    },
  };
}

function withClaimer(db: Kysely<Database>) {
  return db
    .selectFrom('callbacks')
    .leftJoin('users as claimer', 'claimer.id', 'callbacks.claimed_by')
    .selectAll('callbacks')
    .select('claimer.operator_number as claimer_number');
}

export async function findCallback(db: Kysely<Database>, id: string): Promise<CallbackWithClaimer | undefined> {
  return withClaimer(db).where('callbacks.id', '=', id).executeTakeFirst();
}

/** The callback locked until the transaction ends, so a change is decided on its current state. */
export async function lockCallback(trx: Transaction<Database>, id: string): Promise<CallbackWithClaimer | undefined> {
  return withClaimer(trx).where('callbacks.id', '=', id).forUpdate('callbacks').executeTakeFirst();
}

/**
 * The claim as one conditional UPDATE: of any number of operators claiming at once, the database
 * lets exactly one change the row; the others find it no longer 'scheduled' and get nothing back.
 */
export async function claimCallback(trx: Transaction<Database>, id: string, operatorId: string, at: Date): Promise<CallbackRow | undefined> {
  return trx
    .updateTable('callbacks')
    .set((eb) => ({ status: 'in_progress', claimed_by: operatorId, claimed_at: at, updated_at: at, version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .where('status', '=', 'scheduled')
    .where((eb) => eb.or([eb('assigned_operator_id', 'is', null), eb('assigned_operator_id', '=', operatorId)]))
    .returningAll()
    .executeTakeFirst();
}

export type CallbackChange = Partial<Pick<CallbackRow,
  'status' | 'claimed_by' | 'claimed_at' | 'closed_at' | 'closed_by' | 'outcome' | 'resolution' | 'cancel_reason' | 'due_at'>>;

export async function updateCallback(trx: Transaction<Database>, id: string, change: CallbackChange, at: Date): Promise<void> {
  await trx
    .updateTable('callbacks')
    .set((eb) => ({ ...change, updated_at: at, version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .execute();
}

export async function attemptsOf(db: Kysely<Database>, callbackId: string): Promise<AttemptRow[]> {
  return db.selectFrom('callback_attempts').selectAll().where('callback_id', '=', callbackId).orderBy('ended_at').orderBy('id').execute();
}

export async function tallyAttempts(db: Kysely<Database>, callbackId: string): Promise<AttemptsSoFar> {
  const row = await db
    .selectFrom('callback_attempts')
    .select((eb) => [eb.fn.countAll().as('count'), eb.fn.count(eb.case().when('outcome', 'in', [...CONVERSATION_OUTCOMES]).then(1).end()).as('reached')])
    .where('callback_id', '=', callbackId)
    .executeTakeFirstOrThrow();
  return { count: Number(row.count), reached: Number(row.reached) };
}

export interface ListFilter {
  statuses: readonly CallbackStatus[];
  /** Only those due before this instant. */
  dueBefore?: Date | undefined;
  /** Only those due at or after this instant. */
  dueFrom?: Date | undefined;
  /** An operator's view: the shared queue and whatever is theirs. */
  visibleTo?: string | undefined;
  /** Only what is assigned to or claimed by this user. */
  mineOf?: string | undefined;
  cursor?: Cursor | undefined;
  limit: number;
}

/** Callbacks by due time, the most pressing first; limit+1 rows for the keyset page. */
export async function listCallbacks(db: Kysely<Database>, filter: ListFilter): Promise<ListedCallback[]> {
  let query = db
    .selectFrom('callbacks')
    .leftJoin('calls as unanswered', (join) => join.onRef('unanswered.id', '=', 'callbacks.call_id').on('unanswered.end_reason', 'in', UNANSWERED))
    .selectAll('callbacks')
    .select(['unanswered.opened_at as unanswered_opened_at', 'unanswered.ended_at as unanswered_ended_at', 'unanswered.end_reason as unanswered_end_reason'])
    .select((eb) => eb.selectFrom('callback_attempts').select((inner) => inner.fn.countAll<number>().as('n'))
      .whereRef('callback_attempts.callback_id', '=', 'callbacks.id').as('attempt_count'))
    .where('callbacks.status', 'in', [...filter.statuses])
    .orderBy('callbacks.due_at')
    .orderBy('callbacks.id')
    .limit(filter.limit + 1);
  if (filter.dueBefore) query = query.where('callbacks.due_at', '<', filter.dueBefore);
  if (filter.dueFrom) query = query.where('callbacks.due_at', '>=', filter.dueFrom);
  const { visibleTo, mineOf, cursor } = filter;
  if (visibleTo) {
    query = query.where((eb) => eb.or([
      eb('callbacks.assigned_operator_id', 'is', null),
      eb('callbacks.assigned_operator_id', '=', visibleTo),
      eb('callbacks.claimed_by', '=', visibleTo),
      eb('callbacks.created_by', '=', visibleTo),
    ]));
  }
  if (mineOf) query = query.where((eb) => eb.or([eb('callbacks.assigned_operator_id', '=', mineOf), eb('callbacks.claimed_by', '=', mineOf)]));
  if (cursor) query = query.where(sql<boolean>`(callbacks.due_at, callbacks.id) > (${cursor.at}::timestamptz, ${cursor.id}::uuid)`);
  const rows = await query.execute();
  return rows.map((row) => ({ ...row, attempt_count: Number(row.attempt_count ?? 0) }));
}


/** The unanswered call a callback was scheduled after (H3), for one callback's page. */
export async function unansweredCallOf(db: Kysely<Database>, callId: string | null): Promise<UnansweredCallFacts | undefined> {
  if (callId === null) return undefined;
  return db.selectFrom('calls')
    .select(['opened_at as unanswered_opened_at', 'ended_at as unanswered_ended_at', 'end_reason as unanswered_end_reason'])
    .where('id', '=', callId).where('end_reason', 'in', UNANSWERED).executeTakeFirst();
}
