// Scheduling a callback (H3): checked links, one row, one audit event.
import type { Transaction } from 'kysely';
import type { Actor } from '../audit/audit.ts';
import { recordAudit } from '../audit/audit.ts';
import type { Database } from '../db/schema.ts';
import { HttpProblem } from '../http/problem.ts';
import { refused } from './actions.ts';
import { callbackRow, callbackScheduledAudit, type NewCallback } from './repository.ts';
import { dueAtRefusal, type Who } from './rules.ts';

export interface ScheduleInput {
  callId?: string | undefined;
  appealId?: string | undefined;
  phone: string;
  reason: string;
  dueAt: Date;
  /** Omitted: the shared queue. */
  assignedOperatorId?: string | undefined;
}

function unknownLink(code: string, field: string, detail: string, message: string): HttpProblem {
  return new HttpProblem(422, code, detail, { errors: [{ field, message }] });
}

/** Writes the callback under the id the caller chose (so an Idempotency-Key can store it first). */
export async function scheduleCallback(trx: Transaction<Database>, who: Who, actor: Actor, id: string, input: ScheduleInput, at: Date): Promise<void> {
  const late = dueAtRefusal(input.dueAt, at);
  if (late) throw refused(late);
  // An operator links only their own call and appeal, as they see no one else's.
  const ownOnly = who.role === 'operator';
  if (input.callId) {
    const call = await trx.selectFrom('calls').select(['id', 'operator_id']).where('id', '=', input.callId).executeTakeFirst();
    if (!call || (ownOnly && call.operator_id !== who.userId)) {
      throw unknownLink('unknown-call', 'callId', 'Дзвінок, під час якого домовилися про зворотний дзвінок, не знайдено серед Ваших дзвінків', 'Невідомий дзвінок');
    }
  }
  if (input.appealId) {
    const appeal = await trx.selectFrom('appeals').select(['id', 'registered_by']).where('id', '=', input.appealId).executeTakeFirst();
    if (!appeal || (ownOnly && appeal.registered_by !== who.userId)) {
      throw unknownLink('unknown-appeal', 'appealId', 'Звернення, до якого належить зворотний дзвінок, не знайдено серед Ваших звернень', 'Невідоме звернення');
    }
  }
  if (input.assignedOperatorId) {
    const operator = await trx.selectFrom('users').select('id')
      .where('id', '=', input.assignedOperatorId).where('role', '=', 'operator').where('active', '=', true).executeTakeFirst();
    if (!operator) {
      throw unknownLink('unknown-operator', 'assignedOperatorId', 'Зворотний дзвінок можна доручити лише чинному операторові', 'Немає такого чинного оператора');
    }
  }
  const callback: NewCallback = {
    callId: input.callId ?? null,
    appealId: input.appealId ?? null,
    phone: input.phone,
    reason: input.reason,
    dueAt: input.dueAt,
    assignedOperatorId: input.assignedOperatorId ?? null,
    origin: 'agreed',
    createdBy: who.userId,
  };
  await trx.insertInto('callbacks').values(callbackRow(id, callback, at)).execute();
  await recordAudit(trx, actor, callbackScheduledAudit(id, callback));
}
