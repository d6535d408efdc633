// The two clocks of a call (B2): the hold clock (H5) — amber shortly before the limit, red past it,
// whether the hold was recorded here or started on the phone — and the 10-second attempt to reach a
// caller who cannot be heard (T1).
import { Group, Paper, Text } from '@mantine/core';
import { useI18n } from '../i18n/index.tsx';
import { elapsedNow, holdLevel, mmss, runningHold, useTicker, type HoldLevel } from './hooks.ts';
import type { CallView, StandardLimits } from './types.ts';

// Dark text on amber, white on red: both well above WCAG AA contrast.
const HOLD_COLOURS: Record<HoldLevel, { bg: string; c: string; border: string }> = {
  normal: { bg: 'blue.0', c: 'blue.9', border: 'var(--mantine-color-blue-8)' },
  warning: { bg: 'yellow.4', c: 'dark.9', border: 'var(--mantine-color-yellow-7)' },
  over: { bg: 'red.9', c: 'white', border: 'var(--mantine-color-red-9)' },
};

/** The hold clock as of now; null when the caller is not on hold. */
export function useHoldClock(call: CallView, answeredAt: number, limits: StandardLimits | undefined) {
  const hold = runningHold(call);
  const now = useTicker(hold !== null);
  if (!hold || !limits) return null;
  const elapsed = elapsedNow(hold.elapsedSeconds, answeredAt, now);
  return { elapsed, level: holdLevel(elapsed, limits), limits, phone: hold.phone };
}

export function HoldClock({ call, answeredAt, limits }: { call: CallView; answeredAt: number; limits: StandardLimits | undefined }) {
  const { t } = useI18n();
  const clock = useHoldClock(call, answeredAt, limits);
  if (!clock) return null;
  const colours = HOLD_COLOURS[clock.level];
  const message =
    clock.level === 'over'
      ? t.operator.hold.over(mmss(clock.elapsed - clock.limits.holdSeconds))
      : clock.level === 'warning'
        ? t.operator.hold.warning(mmss(clock.limits.holdSeconds - clock.elapsed))
        : t.operator.hold.limit(mmss(clock.limits.holdSeconds));
  return (
    <Paper
      bg={colours.bg}
      c={colours.c}
      px="sm"
      py={4}
      radius="sm"
      style={{ border: `2px solid ${colours.border}` }}
      data-hold-state={clock.level}
      data-hold-source={clock.phone ? 'phone' : 'standard'}
      data-testid="hold-clock"
    >
      <Group gap="sm" wrap="nowrap" align="center">
        <Text size="sm" fw={600} c="inherit">{clock.phone ? t.operator.hold.onPhoneHold : t.operator.hold.onHold}</Text>
        <Text role="timer" aria-label={t.operator.hold.clock} fz={26} fw={700} c="inherit" ff="monospace" lh={1.1}>
          {mmss(clock.elapsed)}
        </Text>
      </Group>
      {/* Only the message changes state, so only it is announced. */}
      <Text size="sm" fw={600} c="inherit" aria-live="polite">{message}</Text>
      {clock.phone && <Text size="sm" c="inherit" maw={420} data-testid="phone-hold-prompt">{t.operator.hold.phonePrompt}</Text>}
    </Paper>
  );
}

/** The T1 attempt as of now; null when none runs. */
export function useBadAudioClock(call: CallView, answeredAt: number, trySeconds: number) {
  const attempt = call.live.badAudio;
  const now = useTicker(attempt !== null);
  if (!attempt) return null;
  const elapsed = elapsedNow(attempt.elapsedSeconds, answeredAt, now);
  return { elapsed, remaining: Math.max(0, trySeconds - elapsed), mayEnd: elapsed >= trySeconds };
}

export function BadAudioClock({ call, answeredAt, trySeconds }: { call: CallView; answeredAt: number; trySeconds: number }) {
  const { t } = useI18n();
  const clock = useBadAudioClock(call, answeredAt, trySeconds);
  if (!clock) return null;
  return (
    <Paper
      bg={clock.mayEnd ? 'red.9' : 'yellow.4'}
      c={clock.mayEnd ? 'white' : 'dark.9'}
      px="sm"
      py={4}
      radius="sm"
      data-bad-audio-state={clock.mayEnd ? 'may-end' : 'trying'}
    >
      <Group gap="sm" wrap="nowrap" align="center">
        <Text size="sm" fw={600} c="inherit">{t.operator.badAudio.countdown}</Text>
        <Text role="timer" aria-label={t.operator.badAudio.countdown} fz={26} fw={700} c="inherit" ff="monospace" lh={1.1}>
          {mmss(Math.ceil(clock.remaining))}
        </Text>
      </Group>
      <Text size="sm" fw={600} c="inherit" aria-live="polite">
        {clock.mayEnd ? t.operator.badAudio.elapsedShort : t.operator.badAudio.left(Math.ceil(clock.remaining))}
      </Text>
    </Paper>
  );
}
