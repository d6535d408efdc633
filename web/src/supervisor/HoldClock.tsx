// H5: how long the caller has waited on hold, amber from 30 s before the limit, red past it. The
// words say the same as the colour, so the state does not depend on seeing colour.
import { Stack } from '@mantine/core';
import { useI18n } from '../i18n/index.tsx';
import { clock, holdLevel, useLimits, useNow } from '../shared/format.ts';
import { Tag } from '../shared/Tag.tsx';

const LOOK = {
  ok: { color: 'gray.2', c: 'dark.8' },
  warning: { color: 'yellow.4', c: 'dark.9' },
  over: { color: 'red.9', c: 'white' },
} as const;

/**
 * `startedAt` is the server's instant; `serverOffsetMs` is how far the server's clock is ahead of
 * this browser's, so a badly set PC clock does not make the clock lie.
 */
export function HoldClock({ startedAt, serverOffsetMs = 0, phone = false }: { startedAt: string; serverOffsetMs?: number; phone?: boolean }) {
  const { t } = useI18n();
  const limits = useLimits();
  const now = useNow(1000);
  const elapsed = Math.max(0, (now + serverOffsetMs - Date.parse(startedAt)) / 1000);
  const level = holdLevel(elapsed, limits);
  const look = LOOK[level];
  const words = t.supervisor.holdClock;
  const tag = (
    <Tag
      variant="filled"
      color={look.color}
      c={look.c}
      data-hold-level={level}
      data-hold-source={phone ? 'phone' : 'standard'}
      title={words.label(clock(elapsed), clock(limits.holdSeconds))}
    >
      {clock(elapsed)} · {words[level]}
    </Tag>
  );
  if (!phone) return tag;
  // The words, not only the place, say where the hold began.
  return (
    <Stack gap={4} align="flex-start">
      {tag}
      <Tag variant="light" size="md" color="orange" c="dark.8" title={words.phoneHint}>{words.phone}</Tag>
    </Stack>
  );
}
