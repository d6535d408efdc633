// The receiving body's part of a forwarding (A3), done by its clerk: receipt acknowledged (from that
// day the Law's limits of art. 20 count) and the answer given to the citizen, each as the writes of
// the appeal's step (changeAppealStatus moves the status and audits it).
import type { Transaction } from 'kysely';
import type { Actor } from '../audit/audit.ts';
import type { Database } from '../db/schema.ts';
import { changeAppealStatus, type AppealStatusAnnouncement } from '../appeals/change-status.ts';

export interface ClerkStep {
  actor: Actor;
  clerkUserId: string;
  /** The clerk's body, which the forwarding went to. */
  judicialBodyId: string;
  appealId: string;
  next: 'acknowledged' | 'answered';
  /** What the citizen was answered; with 'answered' only. */
  summary?: string | undefined;
  at: Date;
}

export async function recordClerkStep(trx: Transaction<Database>, step: ClerkStep): Promise<AppealStatusAnnouncement> {
  const { appealId, at, clerkUserId } = step;
  const { announcement } = await changeAppealStatus(trx, {
    actor: step.actor, appealId, to: step.next, at,
    writes: async () => {
      await trx.updateTable('appeal_forwardings')
        .set(step.next === 'acknowledged' ? { acknowledged_at: at, acknowledged_by: clerkUserId } : { answered_at: at, answered_by: clerkUserId, answer_summary: step.summary! })
        .where('appeal_id', '=', appealId).execute();
      return { details: { judicialBodyId: step.judicialBodyId }, judicialBodyId: step.judicialBodyId, result: undefined };
    },
  });
  return announcement;
}
