import { z } from 'zod';
import type { Appeal } from '../db/schema.ts';
import { APPEAL_KINDS, appealDueDates, type AppealKind } from '../standard/index.ts';
import { APPEAL_STATUS_LABELS, APPEAL_STATUSES, type AppealStatus } from './status.ts';

export const AppealKindSchema = z.enum(Object.keys(APPEAL_KINDS) as [AppealKind, ...AppealKind[]]);
export const AppealStatusSchema = z.enum(APPEAL_STATUSES);

export const AppealView = z.object({
  id: z.uuid(),
  registrationNumber: z.string().describe('Реєстраційний номер, напр. ЄКЦ-2026-000123'),
  lookupCode: z.string().describe('Код, за яким заявник дізнається стан свого звернення'),
  callId: z.uuid().nullable(),
  applicant: z.object({
    surname: z.string(),
    givenName: z.string(),
    patronymic: z.string(),
    residence: z.string(),
    phone: z.string(),
    email: z.string().nullable(),
  }),
  essence: z.string(),
  kind: AppealKindSchema,
  kindLabel: z.string(),
  status: AppealStatusSchema,
  statusLabel: z.string(),
  registeredBy: z.uuid(),
  registeredAt: z.string(),
  statusChangedAt: z.string(),
  dueDates: z.record(z.string(), z.string()).describe('Останній київський день кожного строку (A3, ст. 7 і 20 Закону)'),
});
export type AppealView = z.infer<typeof AppealView>;

export function appealView(appeal: Appeal): AppealView {
  return {
    id: appeal.id,
    registrationNumber: appeal.registration_number,
    lookupCode: appeal.lookup_code,
    callId: appeal.call_id,
    applicant: {
      surname: appeal.surname,
      givenName: appeal.given_name,
      patronymic: appeal.patronymic,
      residence: appeal.residence,
      phone: appeal.phone,
      email: appeal.email,
    },
    essence: appeal.essence,
    kind: appeal.kind as AppealKind,
    kindLabel: APPEAL_KINDS[appeal.kind as AppealKind],
    status: appeal.status as AppealStatus,
    statusLabel: APPEAL_STATUS_LABELS[appeal.status as AppealStatus],
    registeredBy: appeal.registered_by,
    registeredAt: appeal.registered_at.toISOString(),
    statusChangedAt: appeal.status_changed_at.toISOString(),
    dueDates: appealDueDates(appeal.registered_at),
  };
}

/** One step of an appeal's history, as its audit trail recorded it. */
export const AppealHistoryEntry = z.object({ at: z.string(), actorUserId: z.string().nullable(), action: z.string(), changes: z.record(z.string(), z.unknown()) });
export type AppealHistoryEntry = z.infer<typeof AppealHistoryEntry>;

export const AppealWithHistory = AppealView.extend({ history: z.array(AppealHistoryEntry) });
export type AppealWithHistory = z.infer<typeof AppealWithHistory>;

export function appealHistoryEntry(event: { at: Date; actor_user_id: string | null; action: string; changes: Record<string, unknown> }): AppealHistoryEntry {
  return { at: event.at.toISOString(), actorUserId: event.actor_user_id, action: event.action, changes: event.changes };
}
