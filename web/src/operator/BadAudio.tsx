// T1-T2: ten seconds of trying to reach a caller who cannot be heard; only then the Standard's
// phrase and the hang-up are offered. Or the line comes back.
import { Stack, Text } from '@mantine/core';
import { useI18n } from '../i18n/index.tsx';
import { useBadAudioClock } from './Clocks.tsx';
import { useStep } from './hooks.ts';
import { useShortcut } from './shortcuts.tsx';
import type { CallScript, CallView } from './types.ts';
import { ActionError, Row, Say, Step, StepButton, lastOf } from './ui.tsx';

export function BadAudioPanel({ call, script, answeredAt, activate }: { call: CallView; script: CallScript; answeredAt: number; activate: () => void }) {
  const { t } = useI18n();
  const start = useStep(call.id);
  const resolve = useStep(call.id);
  const end = useStep(call.id);
  const clock = useBadAudioClock(call, answeredAt, script.badAudio.trySeconds);
  const [tryLine, phraseLine] = script.badAudio.lines;

  const begin = () => start.mutate({ type: 'bad_audio_started' });
  const resolved = () => resolve.mutate({ type: 'bad_audio_ended', resolved: true });

  useShortcut('badAudio', clock ? activate : () => {
    activate();
    begin();
  });
  useShortcut('resolved', clock ? resolved : null);

  return (
    <Stack gap="xs">
      <Text size="sm" c="dimmed">{t.operator.badAudio.hint}</Text>
      {tryLine && <Say line={tryLine} />}
      {!clock && (
        <>
          <Step shortcut="badAudio" onClick={begin} loading={start.isPending} done={lastOf(call.timeline, 'bad_audio_ended')} error={start.error}>{t.operator.badAudio.start}</Step>
        </>
      )}
      {clock && (
        <>
          <Row>
            <StepButton shortcut="resolved" color="teal.9" onClick={resolved} loading={resolve.isPending}>{t.operator.badAudio.resolved}</StepButton>
          </Row>
          <ActionError error={resolve.error} />
          {clock.mayEnd ? (
            <>
              <Text size="sm" fw={600}>{t.operator.badAudio.elapsed}</Text>
              <Say line={phraseLine} text={script.badAudio.phrase} />
            </>
          ) : (
            <Text size="sm" c="dimmed">{t.operator.badAudio.endLocked}</Text>
          )}
          <Row>
            <StepButton color="red.9" disabled={!clock.mayEnd} onClick={() => end.mutate({ type: 'ended', reason: 'no_audio' })} loading={end.isPending}>
              {t.operator.badAudio.end}
            </StepButton>
          </Row>
          <ActionError error={end.error} />
        </>
      )}
    </Stack>
  );
}
