// G2: the greeting follows the time of day in Kyiv, whatever the server's time zone.
// The instant is always a parameter so the same code serves live calls and scoring of
// recorded calls.

import { GREETING_PHRASES } from './phrases.ts';
import type { DayPeriod } from './phrases.ts';
import { assertValidInstant } from './instant.ts';

export const KYIV_TIME_ZONE = 'Europe/Kyiv';

/** Local times ('HH:MM', 24-hour) at which each part of the day starts; evening runs past midnight. */
export interface GreetingBoundaries {
  readonly morningStartsAt: string;
  readonly dayStartsAt: string;
  readonly eveningStartsAt: string;
}

export const DEFAULT_GREETING_BOUNDARIES: GreetingBoundaries = {
  morningStartsAt: '05:00',
  dayStartsAt: '12:00',
  eveningStartsAt: '18:00',
};

export interface Greeting {
  readonly period: DayPeriod;
  readonly phrase: string;
}

export interface TimeOfDay {
  readonly hour: number;
  readonly minute: number;
}

// h23 avoids the "24:05" some locales produce for just after midnight.
const kyivClock = new Intl.DateTimeFormat('en-GB', {
  timeZone: KYIV_TIME_ZONE,
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

const kyivCalendar = new Intl.DateTimeFormat('en-GB', {
  timeZone: KYIV_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** Hour and minute on the Kyiv wall clock at this instant (daylight saving included). */
export function kyivTimeOfDay(instant: Date): TimeOfDay {
  assertValidInstant(instant, 'kyivTimeOfDay');
  const parts = kyivClock.formatToParts(instant);
  return { hour: numericPart(parts, 'hour'), minute: numericPart(parts, 'minute') };
}

/** Kyiv calendar date of this instant, as 'YYYY-MM-DD' (for same-day deadlines). */
export function kyivDate(instant: Date): string {
  assertValidInstant(instant, 'kyivDate');
  // Kyiv's offsets are whole hours, so its date is the same all through a UTC minute: the last
  // minute's answer spares the formatter, which is slow, on the hot paths that ask many times a minute.
  const minute = Math.floor(instant.getTime() / 60_000);
  if (minute === lastKyivDate.minute) return lastKyivDate.date;
  const parts = kyivCalendar.formatToParts(instant);
  const year = String(numericPart(parts, 'year')).padStart(4, '0');
  const month = String(numericPart(parts, 'month')).padStart(2, '0');
  const day = String(numericPart(parts, 'day')).padStart(2, '0');
  lastKyivDate = { minute, date: `${year}-${month}-${day}` };
  return lastKyivDate.date;
}

/** The Kyiv calendar day containing `instant`, as the UTC instants of its two midnights. */
export function kyivDayBounds(instant: Date): { start: Date; end: Date } {
  const today = kyivDate(instant);
  const tomorrow = new Date(Date.parse(`${today}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  return { start: kyivMidnight(today), end: kyivMidnight(tomorrow) };
}

// Kyiv is UTC+2 in winter and UTC+3 in summer, and its clocks never change at midnight, so the
// day starts at one of two instants: the one whose Kyiv date is that day while a moment before is not.
function kyivMidnight(day: string): Date {
  const utcMidnight = Date.parse(`${day}T00:00:00Z`);
  for (const hours of [3, 2]) {
    const candidate = new Date(utcMidnight - hours * 3_600_000);
    if (kyivDate(candidate) === day && kyivDate(new Date(candidate.getTime() - 1)) !== day) return candidate;
  }
  throw new Error(`Не вдалося визначити київську північ для ${day}`);
}

let lastKyivDate = { minute: Number.NaN, date: '' };

/** G2: which greeting to say at this instant. Throws on an invalid Date or malformed boundaries. */
export function greeting(
  instant: Date,
  boundaries: GreetingBoundaries = DEFAULT_GREETING_BOUNDARIES,
): Greeting {
  assertValidInstant(instant, 'greeting');
  const period = dayPeriodAt(instant, boundaries);
  return { period, phrase: GREETING_PHRASES[period] };
}

/** G2: the part of the day at this instant in Kyiv. */
export function dayPeriodAt(
  instant: Date,
  boundaries: GreetingBoundaries = DEFAULT_GREETING_BOUNDARIES,
): DayPeriod {
  const checked = parseGreetingBoundaries(boundaries);
  if (!checked.ok) {
    throw new RangeError(`Invalid greeting boundaries: ${checked.errors.join('; ')}`);
  }
  const { hour, minute } = kyivTimeOfDay(instant);
  const now = hour * 60 + minute;
  const morning = minutesOf(checked.boundaries.morningStartsAt);
  const day = minutesOf(checked.boundaries.dayStartsAt);
  const evening = minutesOf(checked.boundaries.eveningStartsAt);
  if (now >= morning && now < day) return 'morning';
  if (now >= day && now < evening) return 'day';
  return 'evening';
}

export type ParsedGreetingBoundaries =
  | { readonly ok: true; readonly boundaries: GreetingBoundaries }
  | { readonly ok: false; readonly errors: readonly string[] };

const BOUNDARY_LABELS = {
  morningStartsAt: 'Початок ранку',
  dayStartsAt: 'Початок дня',
  eveningStartsAt: 'Початок вечора',
} as const satisfies Record<keyof GreetingBoundaries, string>;

const HH_MM = /^([01]\d|2[0-3]):([0-5]\d)$/;

/**
 * Validates boundaries typed by an administrator. Never throws: returns either the
 * boundaries or Ukrainian messages to show next to the form.
 */
export function parseGreetingBoundaries(input: unknown): ParsedGreetingBoundaries {
  if (typeof input !== 'object' || input === null) {
    return {
      ok: false,
      errors: ['Межі частин доби мають бути задані як початок ранку, дня та вечора у форматі ГГ:ХХ.'],
    };
  }
  const record = input as Record<string, unknown>;
  const errors: string[] = [];
  const keys = Object.keys(BOUNDARY_LABELS) as (keyof GreetingBoundaries)[];
  for (const key of keys) {
    const value = record[key];
    if (value === undefined || value === null || value === '') {
      errors.push(`${BOUNDARY_LABELS[key]}: значення не вказано.`);
    } else if (typeof value !== 'string' || !HH_MM.test(value)) {
      errors.push(
        `${BOUNDARY_LABELS[key]}: «${String(value)}» — очікується час у форматі ГГ:ХХ від 00:00 до 23:59, наприклад 05:00.`,
      );
    }
  }
  if (errors.length > 0) return { ok: false, errors };

  const boundaries: GreetingBoundaries = {
    morningStartsAt: record['morningStartsAt'] as string,
    dayStartsAt: record['dayStartsAt'] as string,
    eveningStartsAt: record['eveningStartsAt'] as string,
  };
  if (minutesOf(boundaries.morningStartsAt) >= minutesOf(boundaries.dayStartsAt)) {
    errors.push('Початок ранку має бути раніше за початок дня.');
  }
  if (minutesOf(boundaries.dayStartsAt) >= minutesOf(boundaries.eveningStartsAt)) {
    errors.push('Початок дня має бути раніше за початок вечора.');
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, boundaries };
}

function minutesOf(hhmm: string): number {
  const [hours, minutes] = hhmm.split(':');
  return Number(hours) * 60 + Number(minutes);
}

function numericPart(parts: Intl.DateTimeFormatPart[], type: Intl.DateTimeFormatPartTypes): number {
  const part = parts.find((candidate) => candidate.type === type);
  if (part === undefined) throw new Error(`Intl.DateTimeFormat gave no ${type} part`);
  return Number(part.value);
}
