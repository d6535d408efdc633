// H3 for callers nobody answered: the rule by which a call that reached no operator gets a
// callback in the shared queue. Pure: the ingest applies it in the same transaction that ends the
// call, the settings route validates it, the screens explain it.
import { z } from 'zod';
import { kyivDate, kyivTimeOfDay } from '../standard/index.ts';
import { kyivDayBounds } from './rules.ts';

/** Kyiv wall-clock hours in which the centre calls back; days are ISO weekdays, 1 Monday … 7 Sunday. */
export interface BusinessHours {
  days: number[];
  /** 'HH:MM', inclusive. */
  opensAt: string;
  /** 'HH:MM', exclusive; later than opensAt. */
  closesAt: string;
}

export interface MissedCallRule {
  /** Off: unanswered calls are listed, but nobody is scheduled to call them back. */
  enabled: boolean;
  /**
   * A caller who hung up sooner than this was probably not waiting for anyone (a wrong number, a
   * change of mind): an abandoned call gets a callback only after this much waiting. A missed
   * call (the caller waited until the exchange gave up) always gets one.
   */
  minWaitSeconds: number;
  /** When the callback is due: at once within the hours, else when they next begin. */
  businessHours: BusinessHours;
}

/** The `settings` key of the rule. */
export const MISSED_CALL_RULE_SETTING = 'missed_call_rule';

export const DEFAULT_MISSED_CALL_RULE: MissedCallRule = {
  enabled: true,
  minWaitSeconds: 10,
  businessHours: { days: [1, 2, 3, 4, 5], opensAt: '09:00', closesAt: '18:00' },
};

const CLOCK = /^([01]\d|2[0-3]):[0-5]\d$/;
const clock = (label: string) => z.string({ error: `${label}: очікується час ГГ:ХХ` }).regex(CLOCK, `${label}: час у форматі ГГ:ХХ, напр. 09:00`);

/** What an administrator may store (the settings route and the loader both check it). */
export const MissedCallRuleSchema = z.strictObject({
  enabled: z.boolean({ error: 'Увімкнено: так або ні' }),
  minWaitSeconds: z.number({ error: 'Мінімальне очікування: число секунд' }).int('Мінімальне очікування: ціле число секунд')
    .min(0, 'Мінімальне очікування: не менше 0 с').max(3600, 'Мінімальне очікування: не більше 3600 с'),
  businessHours: z.strictObject({
    days: z.array(z.number().int().min(1).max(7), { error: 'Дні: числа від 1 (понеділок) до 7 (неділя)' })
      .min(1, 'Дні: хоча б один день').max(7, 'Дні: не більше семи')
      .refine((days) => new Set(days).size === days.length, 'Дні: кожен день один раз'),
    opensAt: clock('Початок робочого часу'),
    closesAt: clock('Кінець робочого часу'),
  }).refine((hours) => hours.opensAt < hours.closesAt, { message: 'Кінець робочого часу має бути пізніше за початок', path: ['closesAt'] }),
});

/** The stored rule, or the defaults when none (or, defensively, an invalid one) is stored. */
export function parseMissedCallRule(value: unknown): MissedCallRule {
  const parsed = MissedCallRuleSchema.safeParse(value);
  return parsed.success ? parsed.data : DEFAULT_MISSED_CALL_RULE;
}

/** What the rule reads of an unanswered call. */
export interface UnansweredCall {
  caller_phone: string | null;
  opened_at: Date;
  answered_at: Date | null;
  ended_at: Date | null;
  end_reason: string | null;
}

/** The callback the rule schedules for a call, or null when it schedules none. */
export interface MissedCallCallback {
  phone: string;
  reason: string;
  dueAt: Date;
  waitedSeconds: number;
}

/** How long the caller waited: from the offer to the end, in whole seconds. */
export function waitedSeconds(call: Pick<UnansweredCall, 'opened_at' | 'ended_at'>): number {
  if (!call.ended_at) return 0;
  return Math.max(0, Math.round((call.ended_at.getTime() - call.opened_at.getTime()) / 1000));
}

export function missedCallCallback(rule: MissedCallRule, call: UnansweredCall): MissedCallCallback | null {
  if (!rule.enabled || call.answered_at !== null || call.ended_at === null || call.caller_phone === null) return null;
  if (call.end_reason !== 'abandoned' && call.end_reason !== 'missed') return null;
  const waited = waitedSeconds(call);
  if (call.end_reason === 'abandoned' && waited < rule.minWaitSeconds) return null;
  const reason = call.end_reason === 'abandoned'
    ? `Заявник чекав ${waited} с і поклав слухавку, не дочекавшись оператора: зателефонуйте йому`
    : `Дзвінок ніхто не прийняв (заявник чекав ${waited} с): зателефонуйте йому`;
  return { phone: call.caller_phone, reason, dueAt: nextBusinessTime(rule.businessHours, call.ended_at), waitedSeconds: waited };
}

/** `at` itself when the centre works then, else the start of its next working hours (Kyiv time). */
export function nextBusinessTime(hours: BusinessHours, at: Date): Date {
  // Day by day from midnight to midnight: Kyiv's days are 23, 24 or 25 hours long.
  let { start, end } = kyivDayBounds(at);
  for (let day = 0; day < 8; day += 1, { start, end } = kyivDayBounds(end)) {
    if (!hours.days.includes(isoWeekday(kyivDate(start)))) continue;
    const opens = kyivClockOn(start, hours.opensAt);
    const closes = kyivClockOn(start, hours.closesAt);
    if (at.getTime() < opens.getTime()) return opens;
    if (at.getTime() < closes.getTime()) return at;
  }
  // Unreachable with at least one working day, which the schema requires.
  return at;
}

/** ISO weekday of a 'YYYY-MM-DD' date: 1 Monday … 7 Sunday. */
function isoWeekday(date: string): number {
  const day = new Date(`${date}T12:00:00Z`).getUTCDay();
  return day === 0 ? 7 : day;
}

/**
 * The instant the Kyiv clock shows `time` on the day that starts at `midnight`. Kyiv's clocks
 * change at 03:00/04:00, so counting from midnight is off by the change only on those two nights:
 * the wall clock is read back and the difference taken off.
 */
function kyivClockOn(midnight: Date, time: string): Date {
  const [hour, minute] = time.split(':').map(Number) as [number, number];
  const guess = new Date(midnight.getTime() + (hour * 60 + minute) * 60_000);
  const shown = kyivTimeOfDay(guess);
  const drift = (shown.hour * 60 + shown.minute) - (hour * 60 + minute);
  return drift === 0 ? guess : new Date(guess.getTime() - drift * 60_000);
}
