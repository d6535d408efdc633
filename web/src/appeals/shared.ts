// Small pieces the appeal panels share: calendar days as people read them, Kyiv's today, and keys
// that make a retried write harmless.
import { useQuery } from '@tanstack/react-query';
import { useCallback, type CSSProperties } from 'react';
import { get } from '../api.ts';
import { useI18n } from '../i18n/index.tsx';
import type { AppealView } from '../../../src/appeals/view.ts';

/** Formats a 'YYYY-MM-DD' calendar day (a deadline's last Kyiv day) in the chosen language. */
export function useFormatDay(): (day: string) => string {
  const { language } = useI18n();
  return useCallback((day: string) => {
    const [year, month, date] = day.split('-').map(Number) as [number, number, number];
    return new Intl.DateTimeFormat(language === 'uk' ? 'uk-UA' : 'en-GB', { timeZone: 'UTC', day: '2-digit', month: '2-digit', year: 'numeric' })
      .format(new Date(Date.UTC(year, month - 1, date)));
  }, [language]);
}

/** Today's calendar day in Kyiv, 'YYYY-MM-DD', the way the server counts deadlines. */
export function kyivToday(now: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Kyiv', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/**
 * A fresh Idempotency-Key. crypto.randomUUID exists only on HTTPS or localhost; an intranet address
 * over plain HTTP still has getRandomValues.
 */
export function newIdempotencyKey(prefix: string): string {
  if (typeof crypto.randomUUID === 'function') return `${prefix}-${crypto.randomUUID()}`;
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `${prefix}-${Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('')}`;
}

/** The server's appeal, as GET /appeals/:id and POST /appeals answer (src/appeals/view.ts), with its history when asked for one. */
export type AppealDetail = AppealView & {
  history?: { at: string; actorUserId: string | null; action: string; changes: Record<string, unknown> }[];
};

export type AppealStatusKey = 'registered' | 'resolved' | 'forwarded' | 'acknowledged' | 'answered';

/** Mantine's red for field errors is too light for small text (WCAG AA 4.5:1); the panels use a darker one. */
export const READABLE_ERRORS = { '--mantine-color-error': 'var(--mantine-color-red-9)' } as CSSProperties;

/** An alert's title in the page's text colour: Mantine's yellow and red titles fall below AA contrast. */
export const READABLE_ALERT = { title: { color: 'var(--mantine-color-text)' } };

/**
 * The appeal registered on a call (one at most: src/appeals/register.ts), as the server knows it, so
 * a reload, another tab or a finished call still shows it. null: none yet.
 */
export function useCallAppeal(callId: string | undefined) {
  return useQuery({
    queryKey: ['appeals', 'call', callId],
    queryFn: ({ signal }) => get<{ items: AppealDetail[] }>(`/appeals?callId=${encodeURIComponent(callId!)}&limit=1`, signal),
    enabled: callId !== undefined,
    select: (page) => page.items[0] ?? null,
  });
}
