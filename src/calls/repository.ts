// The SQL of calls. Every change goes through appendCallEvent, so the operator's web client and,
// later, the PBX are held to the same rules, numbered in one sequence and audited alike.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Actor, AuditEntry } from '../audit/audit.ts';
import { recordAudit } from '../audit/audit.ts';
import type { Call, CallEventRow, Database } from '../db/schema.ts';
import type { Cursor } from '../http/pagination.ts';
import { HttpProblem, notFound } from '../http/problem.ts';
import { markCalledAgain } from './called-again.ts';
import type { CallEvent, EventSource } from './events.ts';
import { applyCallEvent, type CallState, type Refusal, type RuleResult } from './rules.ts';

export type CallStatus = Call['status'];

/**
 * A call with the operator who took it (G3: number and full name); all three null while an
 * exchange's call waits without an operator, or when it ended so (missed, abandoned).
 */
export interface CallWithOperator extends Call {
  operator_full_name: string | null;
  operator_number: number | null;
  /** H5: when the hold started on the phone and still running began (telephony/holds.ts), or null. */
  phone_hold_started_at: Date | null;
}

export interface OpenCallInput {
  /** Null for an exchange's call that waits in a queue or rings a group: no operator has it yet. */
  operatorId: string | null;
  /** The queue, group or number the exchange offered the call to. */
  offeredTo?: string | null;
  source: Call['source'];
  callerPhone?: string | null;
  pbxCallId?: string | null;
  /** The exchange's linked id, the same on every leg of a transferred call. */
  pbxLinkedId?: string | null;
  /** The earlier leg this call continues (the exchange transferred the caller here). */
  transferredFromCallId?: string | null;
  /** A call opened by hand is taken at once; a PBX call rings until answered. */
  answered: boolean;
  /** The exchange said the caller hid their number (callerPhone is then null). */
  callerWithheld?: boolean;
}

/** Runs `work` in the caller's transaction if it is one, otherwise in a new one. */
function inTransaction<T>(db: Kysely<Database>, work: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
  return db.isTransaction ? work(db as Transaction<Database>) : db.transaction().execute(work);
}

export function refusalProblem(refusal: Refusal): HttpProblem {
  return new HttpProblem(422, refusal.code, refusal.message, refusal.field ? { errors: [{ field: refusal.field, message: refusal.message }] } : {});
}

// The rows a call's changes write, built once: openCall and appendCallEvent insert them one at a
// time, the exchange's ingest (src/telephony/ingest.ts) many in one statement. A jsonb
// column (state, data) is given as its value; the statement writes its JSON text.

/** A new call's columns but its state (empty until its first event): ringing, nothing recorded yet. */
export function callRow(input: OpenCallInput, at: Date): Omit<Call, 'id' | 'created_at' | 'state'> {
  return {
    operator_id: input.operatorId,
    source: input.source,
    pbx_call_id: input.pbxCallId ?? null,
    pbx_linked_id: input.pbxLinkedId ?? null,
    transferred_from_call_id: input.transferredFromCallId ?? null,
    status: 'ringing',
    caller_phone: input.callerPhone ?? null,
    form_of_address: null,
    language: null,
    opened_at: at,
    answered_at: null,
    ended_at: null,
    end_reason: null,
    last_seq: 0,
    updated_at: at,
    caller_withheld: input.callerWithheld ?? false,
    offered_to: input.offeredTo ?? null,
    called_again_call_id: null,
    called_again_at: null,
  };
}

/** The audit entry of a new call (`callId`). */
export function callCreatedAudit(callId: string, input: OpenCallInput): AuditEntry {
  return {
    entityType: 'call',
    entityId: callId,
    action: 'created',
    changes: {
      operatorId: input.operatorId,
      source: input.source,
      callerPhone: input.callerPhone ?? null,
      ...(input.callerWithheld ? { callerWithheld: true } : {}),
      pbxCallId: input.pbxCallId ?? null,
      ...(input.pbxLinkedId ? { pbxLinkedId: input.pbxLinkedId } : {}),
      ...(input.transferredFromCallId ? { transferredFromCallId: input.transferredFromCallId } : {}),
    },
  };
}

/** What the rules answered to an event they allow. */
export type AllowedEvent = Extract<RuleResult, { ok: true }>;

/** The timeline's row of an event the rules allowed, number `seq` on the call. */
export function callEventRow(callId: string, seq: number, event: CallEvent, allowed: AllowedEvent, source: EventSource, actor: Actor) {
  const { type, ...fields } = event;
  const data: Record<string, unknown> = { source, ...fields, ...allowed.facts };
  return { call_id: callId, seq, type, at: allowed.at, actor_user_id: actor.userId, data };
}

/** The audit entry of a timeline event: under its own type, with what it recorded. */
export function callEventAudit(row: ReturnType<typeof callEventRow>): AuditEntry {
  return { entityType: 'call', entityId: row.call_id, action: row.type, changes: { seq: row.seq, ...row.data } };
}

/** The call's columns that change with an event the rules allowed (`row`, on the call as it was). */
export function callAfterEvent(call: Pick<Call, 'answered_at' | 'ended_at'>, row: ReturnType<typeof callEventRow>, allowed: AllowedEvent) {
  const { state } = allowed;
  return {
    status: state.status,
    form_of_address: state.formOfAddress,
    language: state.language,
    answered_at: row.type === 'answered' ? allowed.at : call.answered_at,
    ended_at: row.type === 'ended' ? allowed.at : call.ended_at,
    end_reason: state.endReason,
    state,
    last_seq: row.seq,
    updated_at: allowed.at,
  };
}

/** Opens a call: its row, then `offered` (and `answered` for a call opened by hand) on its timeline. */
export async function openCall(db: Kysely<Database>, actor: Actor, input: OpenCallInput, source: EventSource, at: Date): Promise<Call> {
  return inTransaction(db, async (trx) => {
    const created = await trx
      .insertInto('calls')
      .values({ ...callRow(input, at), state: JSON.stringify({}) })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, callCreatedAudit(created.id, input));
    let call = (await appendCallEvent(trx, actor, created.id, { type: 'offered' }, source, at)).call;
    if (input.answered) {
      call = (await appendCallEvent(trx, actor, created.id, { type: 'answered' }, source, at)).call;
      if (call.caller_phone !== null) await markCalledAgain(trx, actor, { id: call.id, caller_phone: call.caller_phone }, at);
    }
    return call;
  });
}

/**
 * Records one event on a call's timeline if the rules allow it, or throws a 422 HttpProblem with
 * the rules' Ukrainian refusal (404 if there is no such call). The call row is locked, so
 * concurrent events on one call are applied one after another and their seq has no gaps. The
 * event, the call's new state and the audit entry are written in one transaction.
 */
export async function appendCallEvent(
  db: Kysely<Database>,
  actor: Actor,
  callId: string,
  event: CallEvent,
  source: EventSource,
  at: Date,
): Promise<{ call: Call; event: CallEventRow }> {
  return inTransaction(db, async (trx) => {
    const call = await trx.selectFrom('calls').selectAll().where('id', '=', callId).forUpdate().executeTakeFirst();
    if (!call) throw notFound('Дзвінок');
    const before = call.last_seq === 0 ? null : (call.state as unknown as CallState);
    const result = applyCallEvent(before, event, at);
    if (!result.ok) throw refusalProblem(result.refusal);

    const row = callEventRow(callId, call.last_seq + 1, event, result, source, actor);
    const recorded = await trx
      .insertInto('call_events')
      .values({ ...row, data: JSON.stringify(row.data) })
      .returningAll()
      .executeTakeFirstOrThrow();
    const after = callAfterEvent(call, row, result);
    const updated = await trx
      .updateTable('calls')
      .set({ ...after, state: JSON.stringify(after.state) })
      .where('id', '=', callId)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, callEventAudit(row));
    return { call: updated, event: recorded };
  });
}

function withOperator(db: Kysely<Database>) {
  return db
    .selectFrom('calls')
    .leftJoin('users', 'users.id', 'calls.operator_id')
    // At most one running per call (pbx_holds_running_idx).
    .leftJoin('pbx_holds', (join) => join.onRef('pbx_holds.call_id', '=', 'calls.id').on('pbx_holds.ended_at', 'is', null))
    .selectAll('calls')
    .select(['users.full_name as operator_full_name', 'users.operator_number as operator_number', 'pbx_holds.started_at as phone_hold_started_at']);
}

export async function findCall(db: Kysely<Database>, callId: string): Promise<CallWithOperator | undefined> {
  return withOperator(db).where('calls.id', '=', callId).executeTakeFirst();
}

/** The call's timeline in order. */
export async function callTimeline(db: Kysely<Database>, callId: string): Promise<CallEventRow[]> {
  return db.selectFrom('call_events').selectAll().where('call_id', '=', callId).orderBy('seq').execute();
}

export interface CallFilter {
  limit: number;
  cursor?: Cursor | undefined;
  status?: CallStatus | undefined;
  operatorId?: string | undefined;
  endReason?: string | undefined;
  /** false: calls nobody answered (yet): missed, abandoned, or still waiting. */
  answered?: boolean | undefined;
}

/** Newest first, keyset-paginated on (opened_at, id); returns limit+1 rows for `page`. */
export async function listCalls(db: Kysely<Database>, filter: CallFilter): Promise<CallWithOperator[]> {
  let query = withOperator(db).orderBy('calls.opened_at', 'desc').orderBy('calls.id', 'desc').limit(filter.limit + 1);
  if (filter.status) query = query.where('calls.status', '=', filter.status);
  if (filter.operatorId) query = query.where('calls.operator_id', '=', filter.operatorId);
  if (filter.endReason) query = query.where('calls.end_reason', '=', filter.endReason);
  if (filter.answered !== undefined) query = query.where('calls.answered_at', filter.answered ? 'is not' : 'is', null);
  if (filter.cursor) {
    query = query.where(sql<boolean>`(calls.opened_at, calls.id) < (${filter.cursor.at}::timestamptz, ${filter.cursor.id}::uuid)`);
  }
  return query.execute();
}

/** A leg of a transferred call as the other leg shows it: whose it is, and when the caller went over. */
export interface TransferLeg {
  id: string;
  operator_id: string;
  operator_number: number | null;
  /** When the first operator's call recorded the transfer; without it, when the later leg opened. */
  at: Date;
}

/** What the exchange told of a call beyond its own row: who dialled whom, and the legs of a transfer. */
export interface CallContext {
  /** From the exchange's `offered`: the citizen called in, or the operator called out; null when unknown (a call opened by hand). */
  direction: 'inbound' | 'outbound' | null;
  /** The earlier call the caller came from, and the later one they went on to (the first, if the exchange made more). */
  transferredFrom: TransferLeg | null;
  transferredTo: TransferLeg | null;
}

export async function callContext(db: Kysely<Database>, call: Call): Promise<CallContext> {
  const transferredAt = async (callId: string): Promise<Date | null> => {
    const row = await db.selectFrom('call_events').select('at').where('call_id', '=', callId).where('type', '=', 'transferred')
      .orderBy('seq').executeTakeFirst();
    return row?.at ?? null;
  };
  // A leg of a transfer was taken by an operator: the caller was put through from or to them.
  const legOf = db.selectFrom('calls').innerJoin('users', 'users.id', 'calls.operator_id')
    .select(['calls.id', 'calls.operator_id', 'calls.opened_at', 'users.operator_number'])
    .$narrowType<{ operator_id: string }>();
  let transferredFrom: TransferLeg | null = null;
  if (call.transferred_from_call_id !== null) {
    const earlier = await legOf.where('calls.id', '=', call.transferred_from_call_id).executeTakeFirst();
    if (earlier) {
      transferredFrom = { id: earlier.id, operator_id: earlier.operator_id, operator_number: earlier.operator_number, at: await transferredAt(earlier.id) ?? call.opened_at };
    }
  }
  const later = call.source === 'pbx'
    ? await legOf.where('calls.transferred_from_call_id', '=', call.id).orderBy('calls.opened_at').orderBy('calls.id').executeTakeFirst()
    : undefined;
  const transferredTo = later
    ? { id: later.id, operator_id: later.operator_id, operator_number: later.operator_number, at: await transferredAt(call.id) ?? later.opened_at }
    : null;
  // The offer may have come before any operator was known (queued): found by the exchange's call id.
  const offered = call.pbx_call_id === null ? undefined : await db.selectFrom('pbx_events').select(sql<string | null>`payload->>'direction'`.as('direction'))
    .where('pbx_call_id', '=', call.pbx_call_id).where('type', '=', 'offered').where('outcome', '=', 'applied')
    .orderBy('occurred_at').executeTakeFirst();
  const direction = offered?.direction === 'inbound' || offered?.direction === 'outbound' ? offered.direction : null;
  return { direction, transferredFrom, transferredTo };
}
