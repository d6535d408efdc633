// Every change of an appeal's status goes through changeAppealStatus: the centre resolving it (the
// supervisor's status route), forwarding it to a judicial body (src/forwarding/forward.ts), the
// body's receipt and answer (the clerk's inbox). In the caller's transaction it locks the appeal,
// checks the step against the path in status.ts, makes the writes that go with the step, moves the
// status, writes the outbox entry the step needs and the audit event. It hands back the live
// announcement, to publish once that transaction has committed: before, a screen could be told of a
// change that is then rolled back.
//
// A step the path does not allow is refused as a conflict (409, code status-transition) wherever it
// is asked: the request is well formed, but the appeal is not in a state that allows it, most often
// because someone else has just moved it on.
import type { Transaction } from 'kysely';
import type { AuditAction } from '../audit/actions.ts';
import { recordAudit, type Actor } from '../audit/audit.ts';
import type { Database, OutboxTopic } from '../db/schema.ts';
import { missing, Refusal } from '../http/problem.ts';
import type { LiveEvent } from '../live/events.ts';
import { enqueue } from '../notifications/outbox.ts';
import { statusChangeRefusal, type AppealStatus } from './status.ts';

/** The audit action each step is recorded under: the centre's own decision is a plain status change. */
const AUDIT_ACTION: Record<AppealStatus, AuditAction<'appeal'>> = {
  registered: 'registered',
  resolved: 'status_changed',
  forwarded: 'forwarded',
  acknowledged: 'acknowledged',
  answered: 'answered',
};

/** The outbox topic of a step that needs one: a forwarded appeal's letter is e-mailed to the body. */
const OUTBOX_TOPIC: Partial<Record<AppealStatus, OutboxTopic>> = {
  forwarded: 'appeal.forwarded',
};

/** The appeal as the command found and locked it, before the step. */
export interface AppealBeforeChange {
  id: string;
  status: AppealStatus;
  registeredBy: string;
  registrationNumber: string;
}

/** What the writes that go with a step hand back. */
export interface StepWrites<Result> {
  /** Joins the audit event's changes, after the status. */
  details: Record<string, unknown>;
  /** The judicial body whose clerks follow the appeal from here on; null while it has none. */
  judicialBodyId: string | null;
  result: Result;
}

export interface AppealStatusChange<Result> {
  actor: Actor;
  appealId: string;
  to: AppealStatus;
  at: Date;
  /** Who may take the step on this appeal; to anyone else the appeal is «not found». Left out: anyone the route admits. */
  mayAct?: (appeal: AppealBeforeChange) => boolean;
  /** The writes that go with the step (the forwarding and its letter, the body's receipt or answer), made once the step is allowed. */
  writes: (appeal: AppealBeforeChange) => Promise<StepWrites<Result>>;
}

export type AppealStatusAnnouncement = Extract<LiveEvent, { type: 'appeal.status_changed' }>;

export interface AppealStatusChanged<Result> {
  from: AppealStatus;
  result: Result;
  /** For live.publish, once the transaction has committed. */
  announcement: AppealStatusAnnouncement;
}

export async function changeAppealStatus<Result>(trx: Transaction<Database>, change: AppealStatusChange<Result>): Promise<AppealStatusChanged<Result>> {
  const { actor, appealId, to, at } = change;
  const locked = await trx.selectFrom('appeals').select(['id', 'status', 'registered_by']).where('id', '=', appealId).forUpdate().executeTakeFirst();
  if (!locked) throw missing('Звернення');
  // The number is given just after registration; until then the appeal cannot be written to or announced.
  const numbered = await trx.selectFrom('appeal_register').select('registration_number').where('id', '=', appealId).executeTakeFirst();
  const appeal: AppealBeforeChange = {
    id: locked.id, status: locked.status as AppealStatus, registeredBy: locked.registered_by, registrationNumber: numbered?.registration_number ?? '',
  };
  if (change.mayAct && !change.mayAct(appeal)) throw missing('Звернення');
  const refusal = statusChangeRefusal(appeal.status, to);
  if (refusal) throw new Refusal('conflict', 'status-transition', refusal);
  if (!numbered) throw new Refusal('conflict', 'not-numbered', 'Звернення ще не отримало реєстраційний номер; спробуйте за мить');

  const step = await change.writes(appeal);
  await trx.updateTable('appeals').set({ status: to, status_changed_at: at, updated_at: at }).where('id', '=', appealId).execute();
  const topic = OUTBOX_TOPIC[to];
  if (topic) await enqueue(trx, topic, appealId);
  await recordAudit(trx, actor, {
    entityType: 'appeal', entityId: appealId, action: AUDIT_ACTION[to],
    changes: { status: { from: appeal.status, to }, ...step.details },
  });
  return {
    from: appeal.status,
    result: step.result,
    announcement: {
      type: 'appeal.status_changed', appealId, registrationNumber: appeal.registrationNumber, status: to,
      registeredBy: appeal.registeredBy, judicialBodyId: step.judicialBodyId, at: at.toISOString(),
    },
  };
}
