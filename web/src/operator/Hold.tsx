// H1-H5: the caller waits on the line only after agreeing to; the clock runs in the call's header.
import { Checkbox, Stack, Text } from '@mantine/core';
import { useRef, useState } from 'react';
import { useI18n } from '../i18n/index.tsx';
import { mmss, useLimits, useStep } from './hooks.ts';
import { focusOn, useShortcut } from './shortcuts.tsx';
import type { CallScript, CallView } from './types.ts';
import { ActionError, Row, Say, Step, StepButton, lastOf } from './ui.tsx';

export function HoldPanel({ call, script, activate }: { call: CallView; script: CallScript; activate: () => void }) {
  const { t } = useI18n();
  const start = useStep(call.id);
  const resume = useStep(call.id);
  const [consent, setConsent] = useState(false);
  const consentRef = useRef<HTMLInputElement>(null);
  const limits = useLimits();
  const onHold = call.live.onHold;
  // Put on hold on the phone: the hold runs, only the caller's consent is not recorded yet (H1).
  const onPhoneHold = !onHold && call.live.phoneHold !== null;
  const [request, returnLine, callbackOffer, transfer] = script.hold.lines;

  const startHold = () => start.mutate({ type: 'hold_started', callerConsented: true }, { onSuccess: () => setConsent(false) });
  const endHold = () => resume.mutate({ type: 'hold_ended' });

  useShortcut('hold', () => {
    activate();
    if (onHold) endHold();
    else if (consent) startHold();
    else requestAnimationFrame(() => focusOn(consentRef.current));
  });

  return (
    <Stack gap="xs">
      <Text size="sm" c="dimmed">{t.operator.hold.hint(mmss(limits.data?.holdSeconds ?? script.hold.limitSeconds))}</Text>
      {!onHold && (
        <>
          {onPhoneHold && <Text size="sm" fw={600}>{t.operator.hold.phoneHoldNote}</Text>}
          {request && <Say line={request} />}
          <Checkbox
            ref={consentRef}
            label={t.operator.hold.consent}
            description={t.operator.hold.consentHint}
            checked={consent}
            onChange={(event) => setConsent(event.currentTarget.checked)}
          />
          <Step shortcut="hold" onClick={startHold} disabled={!consent} loading={start.isPending} done={lastOf(call.timeline, 'hold_ended')} error={start.error}>{onPhoneHold ? t.operator.hold.recordPhoneHold : t.operator.hold.start}</Step>
        </>
      )}
      {onHold && (
        <>
          <Text size="sm" fw={600}>{t.operator.hold.searchHint}</Text>
          <Text size="sm">{t.operator.hold.returnLine}</Text>
          {returnLine && <Say line={returnLine} />}
          <Row>
            <StepButton shortcut="hold" color="teal.9" onClick={endHold} loading={resume.isPending}>{t.operator.hold.resume}</StepButton>
          </Row>
          <ActionError error={resume.error} />
          <Text size="sm" c="dimmed">{t.operator.hold.notFoundHint}</Text>
          {callbackOffer && <Say line={callbackOffer} />}
          {transfer && <Say line={transfer} />}
        </>
      )}
    </Stack>
  );
}
