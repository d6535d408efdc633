// Oral appeals (усні звернення): what must be recorded (A1) and the deadlines (A3, B3).
// Deadlines come from the Standard (same-day forwarding) and from the Law of Ukraine
// "On Citizens' Appeals" (Закон України «Про звернення громадян»).

import type { RequirementId } from './requirements.ts';
import { kyivDate } from './greeting.ts';

export interface AppealField {
  readonly id: string;
  /** Ukrainian label as the operator sees it. */
  readonly label: string;
  readonly required: boolean;
}

/** A1 (and Law art. 5): fields of an oral appeal; e-mail only if the caller has one. */
export const APPEAL_FIELDS = [
  { id: 'fullName', label: 'Прізвище, ім’я та по батькові', required: true },
  { id: 'placeOfResidence', label: 'Місце проживання', required: true },
  { id: 'essence', label: 'Суть порушеного питання', required: true },
  { id: 'kind', label: 'Вид звернення', required: true },
  { id: 'contactPhone', label: 'Контактний номер телефону', required: true },
  { id: 'email', label: 'Електронна адреса (за наявності)', required: false },
] as const satisfies readonly AppealField[];

export type AppealFieldId = (typeof APPEAL_FIELDS)[number]['id'];

export interface AppealDeadline {
  readonly requirement: RequirementId;
  /** Calendar days after the Kyiv day of receipt; 0 means the same day. */
  readonly days: number;
  /** Or whole calendar months, when the Law counts in months. */
  readonly months?: number;
  readonly basis: 'standard' | 'law';
  readonly description: string;
}

export const APPEAL_DEADLINES = {
  // Standard (A3): forwarded to the competent judicial body the same day.
  forwardingSameDay: {
    requirement: 'A3',
    days: 0,
    basis: 'standard',
    description: 'Направлення звернення за належністю — в той же день',
  },
  // Law art. 7: forwarding within at most 5 days, informing the citizen.
  forwardingByLaw: {
    requirement: 'A3',
    days: 5,
    basis: 'law',
    description: 'Пересилання за належністю — не більше п’яти днів (ст. 7 Закону)',
  },
  // Law art. 20: "невідкладно, але не пізніше п'ятнадцяти днів" if no further study is needed.
  considerationWithoutStudy: {
    requirement: 'B3',
    days: 15,
    basis: 'law',
    description: 'Розгляд звернення, що не потребує додаткового вивчення — не пізніше 15 днів (ст. 20 Закону)',
  },
  // Law art. 20: "не більше одного місяця", a calendar month: it ends on the same-numbered day
  // of the next month, or on that month's last day when it has no such day (Civil Code art. 254).
  consideration: {
    requirement: 'B3',
    days: 0,
    months: 1,
    basis: 'law',
    description: 'Розгляд звернення — не більше одного місяця (ст. 20 Закону)',
  },
  // Law art. 20: with extension, never more than 45 days in total.
  considerationExtended: {
    requirement: 'B3',
    days: 45,
    basis: 'law',
    description: 'Розгляд звернення з продовженням строку — не більше 45 днів (ст. 20 Закону)',
  },
} as const satisfies Record<string, AppealDeadline>;

export type AppealDeadlineId = keyof typeof APPEAL_DEADLINES;

/**
 * Last Kyiv calendar day ('YYYY-MM-DD') on which each deadline is still met, for an appeal
 * received at `receivedAt`. Dovira's counting rule: the day of receipt is day 0 and a
 * deadline lasts until the end of its last Kyiv day.
 */
export function appealDueDates(receivedAt: Date): Record<AppealDeadlineId, string> {
  const receivedOn = kyivDate(receivedAt);
  // Every appeal of a day has the same dates: the last day's are kept, since most asks are for today.
  if (receivedOn !== lastDueDates.receivedOn) {
    const due = {} as Record<AppealDeadlineId, string>;
    for (const id of Object.keys(APPEAL_DEADLINES) as AppealDeadlineId[]) {
      const deadline: AppealDeadline = APPEAL_DEADLINES[id];
      due[id] = deadline.months ? addCalendarMonths(receivedOn, deadline.months) : addCalendarDays(receivedOn, deadline.days);
    }
    lastDueDates = { receivedOn, due };
  }
  return { ...lastDueDates.due };
}

let lastDueDates = { receivedOn: '', due: {} as Record<AppealDeadlineId, string> };

/** True when `instant` falls on a Kyiv day after the due date. */
export function isPastDue(dueDate: string, instant: Date): boolean {
  assertCalendarDate(dueDate);
  return kyivDate(instant) > dueDate;
}

/** Adds calendar days to a 'YYYY-MM-DD' date; time zones play no part. */
export function addCalendarDays(date: string, days: number): string {
  assertCalendarDate(date);
  if (!Number.isInteger(days)) throw new RangeError(`addCalendarDays: days must be an integer, got ${days}`);
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
}

/** Adds calendar months to a 'YYYY-MM-DD' date; 31 January plus a month is the last day of February. */
export function addCalendarMonths(date: string, months: number): string {
  assertCalendarDate(date);
  if (!Number.isInteger(months)) throw new RangeError(`addCalendarMonths: months must be an integer, got ${months}`);
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const lastDayOfTarget = new Date(Date.UTC(year, month - 1 + months + 1, 0)).getUTCDate();
  return new Date(Date.UTC(year, month - 1 + months, Math.min(day, lastDayOfTarget))).toISOString().slice(0, 10);
}

function assertCalendarDate(date: string): void {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const parsed = match === null ? Number.NaN : Date.parse(`${date}T00:00:00Z`);
  // Date.parse accepts 2026-02-30 by rolling over; the round trip catches it.
  if (Number.isNaN(parsed) || new Date(parsed).toISOString().slice(0, 10) !== date) {
    throw new RangeError(`Expected a calendar date 'YYYY-MM-DD', got '${date}'`);
  }
}
