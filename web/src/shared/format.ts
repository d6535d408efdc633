// Times as management and the court read them (Kyiv time, with seconds on a timeline), clock
// durations, and a ticking "now" that keeps the hold clocks running between server updates.
import { useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { get } from '../api.ts';
import { useI18n } from '../i18n/index.tsx';

/** The current instant, refreshed every `everyMs`. */
export function useNow(everyMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}

/** 75 → "1:15"; 3725 → "1:02:05". */
export function clock(seconds: number): string {
  const whole = Math.max(0, Math.floor(seconds));
  const h = Math.floor(whole / 3600);
  const m = Math.floor((whole % 3600) / 60);
  const s = String(whole % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

export function useFormats() {
  const { language } = useI18n();
  return useMemo(() => {
    const locale = language === 'uk' ? 'uk-UA' : 'en-GB';
    const seconds = new Intl.DateTimeFormat(locale, { timeZone: 'Europe/Kyiv', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    const day = new Intl.DateTimeFormat(locale, { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' });
    return {
      /** 14:05:09, Kyiv time. */
      timeWithSeconds: (iso: string) => seconds.format(new Date(iso)),
      /** A Kyiv calendar day 'YYYY-MM-DD' as words: 25 листопада 2026 р. */
      calendarDay: (date: string) => day.format(new Date(`${date}T00:00:00Z`)),
    };
  }, [language]);
}

/** GET /standard `limits`: the hold clock's limit comes from the server's configuration. */
export interface StandardLimits {
  holdSeconds: number;
  holdWarningBeforeSeconds: number;
  badAudioTrySeconds: number;
}

const STANDARD_LIMITS: StandardLimits = { holdSeconds: 180, holdWarningBeforeSeconds: 30, badAudioTrySeconds: 10 };

/** H5, T1: the limits this installation uses (GET /standard); the Standard's own until they arrive. */
export function useLimits(): StandardLimits {
  const query = useQuery({
    queryKey: ['standard', 'limits'],
    queryFn: ({ signal }) => get<{ limits: StandardLimits }>('/standard', signal).then((standard) => standard.limits),
    staleTime: Infinity,
  });
  return query.data ?? STANDARD_LIMITS;
}

export type HoldLevel = 'ok' | 'warning' | 'over';

/** Amber from (limit − warning) on, red once past the limit (exactly the limit is still within it). */
export function holdLevel(elapsedSeconds: number, limits: StandardLimits): HoldLevel {
  if (elapsedSeconds > limits.holdSeconds) return 'over';
  if (elapsedSeconds >= Math.max(0, limits.holdSeconds - limits.holdWarningBeforeSeconds)) return 'warning';
  return 'ok';
}
