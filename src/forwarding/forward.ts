// Forwarding an appeal to the competent judicial body (A3), in one transaction: the letter is
// rendered and stored and the forwarding written, as the writes of the appeal's step to 'forwarded'
// (changeAppealStatus moves the status, writes the outbox event for the body's e-mail and audits
// it). All of it or nothing.
import type { Transaction } from 'kysely';
import type { Actor } from '../audit/audit.ts';
import type { Database, Role } from '../db/schema.ts';
import { BODY_KINDS } from '../courts/kinds.ts';
import { Refusal } from '../http/problem.ts';
import { registrarLine } from '../notifications/message.ts';
import { APPEAL_KINDS, appealDueDates, isPastDue, type AppealKind } from '../standard/index.ts';
import { changeAppealStatus, type AppealStatusAnnouncement } from '../appeals/change-status.ts';
import { renderForwardingLetter } from './letter.ts';

export interface Forwarder {
  actor: Actor;
  userId: string;
  role: Role;
  fullName: string;
  operatorNumber: number | null;
}

export interface ForwardingResult {
  appealId: string;
  /** For live.publish once the transaction has committed: the body's clerks, management and the operator hear of it at once. */
  announcement: AppealStatusAnnouncement;
}

/** Who may act on an appeal as its operator: supervisors any, an operator the ones they registered. */
export function handles(principal: { role: Role; userId: string }, registeredBy: string): boolean {
  return principal.role !== 'operator' || principal.userId === registeredBy;
}

const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

export async function forwardAppeal(
  trx: Transaction<Database>,
  forwarder: Forwarder,
  appealId: string,
  input: { judicialBodyId: string; reason: string },
  at: Date,
): Promise<ForwardingResult> {
  const { announcement } = await changeAppealStatus(trx, {
    actor: forwarder.actor, appealId, to: 'forwarded', at,
    mayAct: (appeal) => handles(forwarder, appeal.registeredBy),
    writes: async () => {
      const appeal = await trx.selectFrom('appeal_register as a').innerJoin('users as u', 'u.id', 'a.registered_by')
        .select(['a.id', 'a.registration_number', 'a.registered_at', 'a.kind', 'a.surname', 'a.given_name', 'a.patronymic', 'a.residence', 'a.phone', 'a.email', 'a.essence', 'u.role', 'u.full_name', 'u.operator_number'])
        .where('a.id', '=', appealId).executeTakeFirstOrThrow();

      const body = await trx.selectFrom('judicial_bodies').select(['id', 'name', 'kind', 'active']).where('id', '=', input.judicialBodyId).executeTakeFirst();
      const bodyRefusal = !body ? 'Орган судової влади не знайдено в довіднику'
        : !body.active ? 'Цей орган більше не діє; оберіть чинний'
          : body.kind && !BODY_KINDS[body.kind].judiciary ? 'Звернення направляють лише до органів судової влади (Конституційний Суд України до них не належить)'
            : null;
      if (bodyRefusal || !body) throw new Refusal('unprocessable', 'judicial-body', bodyRefusal!, [{ field: 'judicialBodyId', message: bodyRefusal! }]);

      const letterPdf = await renderForwardingLetter({
        registrationNumber: appeal.registration_number,
        registeredAt: appeal.registered_at,
        forwardedAt: at,
        body: { name: body.name },
        reason: input.reason,
        kindLabel: APPEAL_KINDS[appeal.kind as AppealKind],
        applicant: { fullName: `${appeal.surname} ${appeal.given_name} ${appeal.patronymic}`, residence: appeal.residence, phone: appeal.phone, email: appeal.email },
        essence: appeal.essence,
        registeredBy: registrarLine({ role: appeal.role, fullName: appeal.full_name, operatorNumber: appeal.operator_number }),
        forwardedBy: capitalised(registrarLine({ role: forwarder.role, fullName: forwarder.fullName, operatorNumber: forwarder.operatorNumber })),
      });

      const forwarding = await trx.insertInto('appeal_forwardings').values({
        appeal_id: appealId, judicial_body_id: body.id, reason: input.reason, forwarded_by: forwarder.userId, forwarded_at: at, letter_pdf: letterPdf,
      }).returning('id').executeTakeFirstOrThrow();
      const due = appealDueDates(appeal.registered_at);
      return {
        details: {
          forwardingId: forwarding.id, judicialBodyId: body.id,
          sameDayMet: !isPastDue(due.forwardingSameDay, at), byLawMet: !isPastDue(due.forwardingByLaw, at),
        },
        judicialBodyId: body.id,
        result: undefined,
      };
    },
  });
  return { appealId, announcement };
}
