// What operators and supervisors do with a callback. Each action decides on the row as it is now
// (claimed atomically, or locked), changes it and writes its audit event in one transaction.
// Audit events carry ids, codes and statuses only: phones, reasons and notes stay in the tables.
import type { Kysely, Transaction } from 'kysely';
import type { AuditAction } from '../audit/actions.ts';
import type { Actor } from '../audit/audit.ts';
import { recordAudit } from '../audit/audit.ts';
import type { Database } from '../db/schema.ts';
import { HttpProblem, notFound } from '../http/problem.ts';
import type { AttemptOutcome, CloseOutcome } from './labels.ts';
import { claimCallback, findCallback, lockCallback, tallyAttempts, updateCallback, type CallbackWithClaimer } from './repository.ts';
import {
  attemptRefusal,
  attemptStartRefusal,
  cancelRefusal,
  claimRefusal,
  closeRefusal,
  dueAtRefusal,
  maySee,
  releaseRefusal,
  type Refusal,
  type Who,
} from './rules.ts';

export function refused(refusal: Refusal): HttpProblem {
  return new HttpProblem(refusal.status, refusal.code, refusal.message, refusal.field ? { errors: [{ field: refusal.field, message: refusal.message }] } : {});
}

function refuseIf(refusal: Refusal | null): void {
  if (refusal) throw refused(refusal);
}

export const callbackNotFound = (): HttpProblem => notFound('Зворотний дзвінок');

/** Locks the callback; one outside an operator's view is "not found", not to reveal it exists. */
async function lockVisible(trx: Transaction<Database>, who: Who, id: string): Promise<CallbackWithClaimer> {
  const callback = await lockCallback(trx, id);
  if (!callback || !maySee(who, callback)) throw callbackNotFound();
  return callback;
}

function audit(trx: Transaction<Database>, actor: Actor, id: string, action: AuditAction<'callback'>, changes: Record<string, unknown>): Promise<void> {
  return recordAudit(trx, actor, { entityType: 'callback', entityId: id, action, changes });
}

/** Takes a callback from the queue. A retry by the operator who already holds it changes nothing. */
export async function claim(db: Kysely<Database>, who: Who, actor: Actor, id: string, at: Date): Promise<void> {
  await db.transaction().execute(async (trx) => {
    if (await claimCallback(trx, id, who.userId, at)) {
      await audit(trx, actor, id, 'claimed', { status: { from: 'scheduled', to: 'in_progress' }, claimedBy: who.userId });
      return;
    }
    const current = await findCallback(trx, id);
    if (!current || !maySee(who, current)) throw callbackNotFound();
    refuseIf(claimRefusal(who, current, current.claimer_number));
  });
}

/** Back to the queue (for anyone, or still for the assigned operator), optionally for a later time. */
export async function release(db: Kysely<Database>, who: Who, actor: Actor, id: string, dueAt: Date | undefined, at: Date): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const callback = await lockVisible(trx, who, id);
    refuseIf(releaseRefusal(who, callback, callback.claimer_number));
    if (dueAt) refuseIf(dueAtRefusal(dueAt, at));
    await updateCallback(trx, id, { status: 'scheduled', claimed_by: null, claimed_at: null, ...(dueAt ? { due_at: dueAt } : {}) }, at);
    await audit(trx, actor, id, 'released', {
      status: { from: callback.status, to: 'scheduled' },
      releasedFrom: callback.claimed_by,
      ...(dueAt ? { dueAt: { from: callback.due_at.toISOString(), to: dueAt.toISOString() } } : {}),
    });
  });
}

export interface AttemptInput {
  outcome: AttemptOutcome;
  note?: string | undefined;
  startedAt?: Date | undefined;
  close?: boolean | undefined;
  /** 'dialler': Dovira dialled through the exchange and the exchange reported the outcome. */
  via?: 'dialler' | undefined;
}

/** One try at calling back; a try that reached the caller may close the callback as well. */
export async function recordAttempt(db: Kysely<Database>, who: Who, actor: Actor, id: string, input: AttemptInput, at: Date): Promise<string> {
  return db.transaction().execute((trx) => recordAttemptIn(trx, who, actor, id, input, at));
}

/** recordAttempt inside a transaction of the caller's (one that also keeps its Idempotency-Key). */
export async function recordAttemptIn(trx: Transaction<Database>, who: Who, actor: Actor, id: string, input: AttemptInput, at: Date): Promise<string> {
  const callback = await lockVisible(trx, who, id);
  refuseIf(attemptRefusal(who, callback, callback.claimer_number, input.outcome, input.close ?? false));
  const startedAt = input.startedAt ?? at;
  refuseIf(attemptStartRefusal(startedAt, callback.claimed_at, at));
  const attempt = await trx.insertInto('callback_attempts').values({
    callback_id: id,
    operator_id: who.userId,
    // Within the tolerance a start slightly ahead of our clock is taken as now.
    started_at: startedAt.getTime() > at.getTime() ? at : startedAt,
    ended_at: at,
    outcome: input.outcome,
    note: input.note ?? null,
  }).returning('id').executeTakeFirstOrThrow();
  await audit(trx, actor, id, 'attempt_recorded', { attemptId: attempt.id, outcome: input.outcome, ...(input.via ? { via: input.via } : {}) });
  // A new attempt is a change of the callback too: its version moves on either way.
  await updateCallback(trx, id, input.close ? { status: 'done', outcome: 'informed', closed_at: at, closed_by: who.userId } : {}, at);
  if (input.close) {
    await audit(trx, actor, id, 'closed', { status: { from: callback.status, to: 'done' }, outcome: 'informed', attemptId: attempt.id });
  }
  return attempt.id;
}

export async function close(db: Kysely<Database>, who: Who, actor: Actor, id: string, outcome: CloseOutcome, resolution: string | undefined, at: Date): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const callback = await lockVisible(trx, who, id);
    refuseIf(closeRefusal(who, callback, callback.claimer_number, outcome, await tallyAttempts(trx, id)));
    await updateCallback(trx, id, { status: 'done', outcome, resolution: resolution ?? null, closed_at: at, closed_by: who.userId }, at);
    await audit(trx, actor, id, 'closed', { status: { from: callback.status, to: 'done' }, outcome });
  });
}

export async function cancel(db: Kysely<Database>, who: Who, actor: Actor, id: string, reason: string, at: Date): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const callback = await lockVisible(trx, who, id);
    refuseIf(cancelRefusal(who, callback, callback.claimer_number));
    await updateCallback(trx, id, { status: 'cancelled', cancel_reason: reason, closed_at: at, closed_by: who.userId }, at);
    await audit(trx, actor, id, 'cancelled', { status: { from: callback.status, to: 'cancelled' } });
  });
}
