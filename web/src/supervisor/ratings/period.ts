// The period the ratings are read for: a few ready choices and the supervisor's own dates, as the
// instants the API takes (from inclusive, to exclusive), days counted on the Kyiv calendar.
import { kyivInputToIso, kyivInputValue } from '../../operator/TransferCallback.tsx';

export const PRESETS = ['today', 'week', 'month', 'all', 'custom'] as const;
export type Preset = (typeof PRESETS)[number];

export interface Period {
  from?: string;
  to?: string;
}

const DAY_MS = 86_400_000;

/** 'YYYY-MM-DD' of the Kyiv day after `date`. */
function nextDay(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
}

const kyivMidnight = (date: string) => kyivInputToIso(`${date}T00:00`) ?? undefined;

/** Today on the Kyiv calendar, as a date field shows it. */
export const kyivToday = (now: Date) => kyivInputValue(now).slice(0, 10);

/**
 * The instants for a choice; `error` when the supervisor's own dates cannot make a period
 * ('range': «from» after «to»).
 */
export function periodOf(preset: Preset, now: Date, fromDate: string, toDate: string): Period & { error?: 'range' } {
  switch (preset) {
    case 'today':
      return { from: kyivMidnight(kyivToday(now)) };
    case 'week':
      return { from: new Date(now.getTime() - 7 * DAY_MS).toISOString() };
    case 'month':
      return { from: new Date(now.getTime() - 30 * DAY_MS).toISOString() };
    case 'all':
      return {};
    case 'custom': {
      if (fromDate && toDate && fromDate > toDate) return { error: 'range' };
      const period: Period = {};
      if (fromDate) period.from = kyivMidnight(fromDate);
      if (toDate) period.to = kyivMidnight(nextDay(toDate));
      return period;
    }
  }
}

/** The period as the API's query string (from, to). */
export function periodQuery(period: Period): URLSearchParams {
  const query = new URLSearchParams();
  if (period.from) query.set('from', period.from);
  if (period.to) query.set('to', period.to);
  return query;
}
