// Forwarding an appeal to the competent judicial body (A3), in one transaction: the letter is
// rendered and stored, the forwarding written, the status moved to 'forwarded', the outbox event
// for the body's e-mail written and the change audited. All of it or nothing.
import type { Transaction } from 'kysely';
import { recordAudit, type Actor } from '../audit/audit.ts';
import type { Database, Role } from '../db/schema.ts';
import { BODY_KINDS } from '../courts/kinds.ts';
import { HttpProblem, notFound } from '../http/problem.ts';
import { registrarLine } from '../notifications/message.ts';
import { APPEAL_KINDS, appealDueDates, isPastDue, type AppealKind } from '../standard/index.ts';
import { APPEAL_STATUS_LABELS, type AppealStatus } from '../appeals/status.ts';
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
  registrationNumber: string;
  judicialBodyId: string;
  registeredBy: string;
  forwardedAt: string;
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
  const locked = await trx.selectFrom('appeals').select(['id', 'status', 'registered_by']).where('id', '=', appealId).forUpdate().executeTakeFirst();
  if (!locked || !handles(forwarder, locked.registered_by)) throw notFound('Звернення');
  if (locked.status !== 'registered') {
    const already = ['forwarded', 'acknowledged', 'answered'].includes(locked.status);
    throw new HttpProblem(409, already ? 'already-forwarded' : 'status-transition', already
      ? 'Звернення вже направлено до органу судової влади; повторно його не направляють'
      : `Звернення у стані «${APPEAL_STATUS_LABELS[locked.status as AppealStatus]}» не направляють`);
  }
  const appeal = await trx.selectFrom('appeal_register as a').innerJoin('users as u', 'u.id', 'a.registered_by')
    .select(['a.id', 'a.registration_number', 'a.registered_at', 'a.kind', 'a.surname', 'a.given_name', 'a.patronymic', 'a.residence', 'a.phone', 'a.email', 'a.essence', 'u.role', 'u.full_name', 'u.operator_number'])
    .where('a.id', '=', appealId).executeTakeFirst();
  if (!appeal) throw new HttpProblem(409, 'not-numbered', 'Звернення ще не отримало реєстраційний номер; спробуйте за мить');

  const body = await trx.selectFrom('judicial_bodies').select(['id', 'name', 'kind', 'active']).where('id', '=', input.judicialBodyId).executeTakeFirst();
  const bodyRefusal = !body ? 'Орган судової влади не знайдено в довіднику'
    : !body.active ? 'Цей орган більше не діє; оберіть чинний'
      : body.kind && !BODY_KINDS[body.kind].judiciary ? 'Звернення направляють лише до органів судової влади (Конституційний Суд України до них не належить)'
        : null;
  if (bodyRefusal || !body) throw new HttpProblem(422, 'judicial-body', bodyRefusal!, { errors: [{ field: 'judicialBodyId', message: bodyRefusal! }] });

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
  await trx.updateTable('appeals').set({ status: 'forwarded', status_changed_at: at, updated_at: at }).where('id', '=', appealId).execute();
  await trx.insertInto('outbox_events').values({ topic: 'appeal.forwarded', entity_id: appealId }).execute();
  const due = appealDueDates(appeal.registered_at);
  await recordAudit(trx, forwarder.actor, {
    entityType: 'appeal', entityId: appealId, action: 'forwarded',
    changes: {
      status: { from: 'registered', to: 'forwarded' }, forwardingId: forwarding.id, judicialBodyId: body.id,
      sameDayMet: !isPastDue(due.forwardingSameDay, at), byLawMet: !isPastDue(due.forwardingByLaw, at),
    },
  });
  return { appealId, registrationNumber: appeal.registration_number, judicialBodyId: body.id, registeredBy: locked.registered_by, forwardedAt: at.toISOString() };
}
