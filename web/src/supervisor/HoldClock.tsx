// H5: how long the caller has waited on hold, amber from 30 s before the limit, red past it. The
// words say the same as the colour, so the state does not depend on seeing colour.
import { useI18n } from '../i18n/index.tsx';
import { clock, holdLevel, useLimits, useNow } from './format.ts';
import { Tag } from './Tag.tsx';

const LOOK = {
  ok: { color: 'gray.2', c: 'dark.8' },
  warning: { color: 'yellow.4', c: 'dark.9' },
  over: { color: 'red.9', c: 'white' },
} as const;

/**
 * `startedAt` is the server's instant; `serverOffsetMs` is how far the server's clock is ahead of
 * this browser's, so a badly set PC clock does not make the clock lie.
 */
export function HoldClock({ startedAt, serverOffsetMs = 0 }: { startedAt: string; serverOffsetMs?: number }) {
  const { t } = useI18n();
  const limits = useLimits();
  const now = useNow(1000);
  const elapsed = Math.max(0, (now + serverOffsetMs - Date.parse(startedAt)) / 1000);
  const level = holdLevel(elapsed, limits);
  const look = LOOK[level];
  const words = t.supervisor.holdClock;
  return (
    <Tag
      variant="filled"
      color={look.color}
      c={look.c}
      data-hold-level={level}
      title={words.label(clock(elapsed), clock(limits.holdSeconds))}
    >
      {clock(elapsed)} · {words[level]}
    </Tag>
  );
}
