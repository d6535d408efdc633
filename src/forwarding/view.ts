// The forwarding as the API shows it: where it went, when, the deadlines of A3 and of the Law. No
// database here: the browser's screens take their types from this file (read.ts reads the rows).
import { z } from 'zod';
import { APPEAL_STATUS_LABELS, type AppealStatus } from '../appeals/status.ts';
import { AppealKindSchema, AppealStatusSchema } from '../appeals/view.ts';
import { NOTICE_CHANNELS, NOTICE_STATUSES, type NoticeChannel, type NoticeStatus } from '../db/tables/forwarding.ts';
import { appealDueDates, isPastDue } from '../standard/index.ts';

export const ForwardingView = z.object({
  appealId: z.uuid(),
  registrationNumber: z.string(),
  status: AppealStatusSchema,
  statusLabel: z.string(),
  judicialBody: z.object({ id: z.uuid(), name: z.string(), email: z.string().nullable() }),
  reason: z.string(),
  forwardedAt: z.string(),
  forwardedBy: z.uuid(),
  letterUrl: z.string().describe('Супровідний лист (PDF)'),
  forwardingDeadlines: z.object({
    sameDay: z.string().describe('A3: останній київський день направлення за Стандартом'),
    byLaw: z.string().describe('Ст. 7 Закону: не пізніше п’яти днів'),
    sameDayMet: z.boolean(),
    byLawMet: z.boolean(),
  }),
  acknowledgedAt: z.string().nullable(),
  answeredAt: z.string().nullable(),
  answerSummary: z.string().nullable(),
  consideration: z.object({
    countedFrom: z.enum(['acknowledged', 'forwarded']).describe('Від підтвердження отримання; до нього — від направлення'),
    withoutStudy: z.string().describe('Ст. 20 Закону: 15 днів, якщо не потребує додаткового вивчення'),
    oneMonth: z.string().describe('Ст. 20 Закону: не більше одного місяця'),
    extendedDeadline: z.string().describe('Ст. 20 Закону: з продовженням — не більше 45 днів'),
  }),
  overdue: z.boolean().describe('Відповіді немає, а місячний строк минув'),
});
export type ForwardingView = z.infer<typeof ForwardingView>;

export interface ForwardingRow {
  appeal_id: string;
  registration_number: string;
  status: string;
  registered_at: Date;
  judicial_body_id: string;
  body_name: string;
  body_email: string | null;
  reason: string;
  forwarded_at: Date;
  forwarded_by: string;
  acknowledged_at: Date | null;
  answered_at: Date | null;
  answer_summary: string | null;
}

export function forwardingView(row: ForwardingRow, now: Date): ForwardingView {
  const forwardingDue = appealDueDates(row.registered_at);
  const receivedAt = row.acknowledged_at ?? row.forwarded_at;
  const considerationDue = appealDueDates(receivedAt);
  return {
    appealId: row.appeal_id,
    registrationNumber: row.registration_number,
    status: row.status as AppealStatus,
    statusLabel: APPEAL_STATUS_LABELS[row.status as AppealStatus],
    judicialBody: { id: row.judicial_body_id, name: row.body_name, email: row.body_email },
    reason: row.reason,
    forwardedAt: row.forwarded_at.toISOString(),
    forwardedBy: row.forwarded_by,
    letterUrl: `/api/v1/appeals/${row.appeal_id}/forwarding-letter.pdf`,
    forwardingDeadlines: {
      sameDay: forwardingDue.forwardingSameDay,
      byLaw: forwardingDue.forwardingByLaw,
      sameDayMet: !isPastDue(forwardingDue.forwardingSameDay, row.forwarded_at),
      byLawMet: !isPastDue(forwardingDue.forwardingByLaw, row.forwarded_at),
    },
    acknowledgedAt: row.acknowledged_at?.toISOString() ?? null,
    answeredAt: row.answered_at?.toISOString() ?? null,
    answerSummary: row.answer_summary,
    consideration: {
      countedFrom: row.acknowledged_at ? 'acknowledged' : 'forwarded',
      withoutStudy: considerationDue.considerationWithoutStudy,
      oneMonth: considerationDue.consideration,
      extendedDeadline: considerationDue.considerationExtended,
    },
    overdue: row.answered_at === null && isPastDue(considerationDue.consideration, now),
  };
}

/** A3: an appeal still to forward (src/forwarding/due.ts lists them). */
export const DueItem = z.object({
  appealId: z.uuid(),
  registrationNumber: z.string(),
  kind: AppealKindSchema,
  kindLabel: z.string(),
  registeredAt: z.string(),
  registeredBy: z.uuid(),
  forwardingSameDay: z.string().describe('A3: останній київський день за Стандартом'),
  forwardingByLaw: z.string().describe('Ст. 7 Закону: не пізніше п’яти днів'),
  lateByLaw: z.boolean().describe('Минув і п’ятиденний строк Закону'),
});
export type DueItem = z.infer<typeof DueItem>;

export interface StillToForward {
  today: string;
  dueToday: DueItem[];
  late: DueItem[];
}

export const NOTICE_CHANNEL_LABELS: Record<NoticeChannel, string> = { during_call: 'під час дзвінка', sms: 'SMS', email: 'електронною поштою' };
export const NOTICE_STATUS_LABELS: Record<NoticeStatus, string> = { recorded: 'зафіксовано', sent: 'SMS прийнято шлюзом', queued: 'лист у черзі на відправлення' };

/** A3: how and when the applicant was told of the forwarding (inform-applicant.ts records it). */
export const NoticeView = z.object({
  id: z.uuid(),
  appealId: z.uuid(),
  channel: z.enum(NOTICE_CHANNELS),
  channelLabel: z.string(),
  informedAt: z.string(),
  status: z.enum(NOTICE_STATUSES),
  statusLabel: z.string(),
  providerReference: z.string().nullable().describe('Ідентифікатор SMS у шлюзі'),
  text: z.string().nullable().describe('Що надіслано заявнику'),
});
export type NoticeView = z.infer<typeof NoticeView>;
