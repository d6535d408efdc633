// D1-D3: a dissatisfied caller (cause, action, apology) and an abusive one (a warning first, and
// only then may the call be ended).
import { Checkbox, NativeSelect, Stack, Text, Textarea } from '@mantine/core';
import { useRef, useState } from 'react';
import { useI18n } from '../i18n/index.tsx';
import { useStep } from './hooks.ts';
import { focusOn, useShortcut } from './shortcuts.tsx';
import type { AbuseReason, CallScript, CallView } from './types.ts';
import { ActionError, KeyLabel, Row, Say, ScriptForm, Step, StepButton, fieldError, lastOf } from './ui.tsx';

export function DissatisfiedPanel({ call, script, activate }: { call: CallView; script: CallScript; activate: () => void }) {
  const { t } = useI18n();
  const step = useStep(call.id);
  const [cause, setCause] = useState('');
  const [action, setAction] = useState('');
  const [apologyGiven, setApologyGiven] = useState(false);
  const causeRef = useRef<HTMLTextAreaElement>(null);
  useShortcut('dissatisfied', () => {
    activate();
    requestAnimationFrame(() => focusOn(causeRef.current));
  });

  return (
    <ScriptForm onSubmit={() => step.mutate({ type: 'caller_dissatisfied', cause, actionTaken: action, apologyGiven })}>
      <Stack gap="xs">
        <Text size="sm" c="dimmed">{t.operator.dissatisfied.hint}</Text>
        <Textarea
          ref={causeRef}
          label={<KeyLabel text={t.operator.dissatisfied.cause} shortcut="dissatisfied" />}
          value={cause}
          onChange={(event) => setCause(event.currentTarget.value)}
          error={fieldError(step.error, 'cause')}
          // Not autosize: measured inside a hidden tab, an autosize field would keep zero height.
          rows={2}
        />
        <Textarea
          label={t.operator.dissatisfied.action}
          value={action}
          onChange={(event) => setAction(event.currentTarget.value)}
          error={fieldError(step.error, 'actionTaken')}
          rows={2}
        />
        <Text size="sm">{t.operator.dissatisfied.apologyHint}</Text>
        {script.apology.map((line) => <Say key={line.text} line={line} />)}
        <Checkbox label={t.operator.dissatisfied.apologyGiven} checked={apologyGiven} onChange={(event) => setApologyGiven(event.currentTarget.checked)} />
        <Step type="submit" loading={step.isPending} done={lastOf(call.timeline, 'caller_dissatisfied')} error={step.error}>{t.operator.dissatisfied.record}</Step>
      </Stack>
    </ScriptForm>
  );
}

export function AbusePanel({ call, script, activate }: { call: CallView; script: CallScript; activate: () => void }) {
  const { t } = useI18n();
  const warn = useStep(call.id);
  const end = useStep(call.id);
  const [reason, setReason] = useState<AbuseReason | ''>('');
  const [missingReason, setMissingReason] = useState(false);
  const reasonRef = useRef<HTMLSelectElement>(null);
  const [warningLine, endingLine] = script.abuse;
  const warned = call.live.abuseWarned;
  useShortcut('abuse', () => {
    activate();
    requestAnimationFrame(() => focusOn(reasonRef.current));
  });

  return (
    <Stack gap="xs">
      <Text size="sm" c="dimmed">{t.operator.abuse.hint}</Text>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (reason === '') {
            setMissingReason(true);
            return;
          }
          warn.mutate({ type: 'abuse_warning_given', reason });
        }}
      >
        <Stack gap="xs">
          <NativeSelect
            ref={reasonRef}
            label={<KeyLabel text={t.operator.abuse.reason} shortcut="abuse" />}
            value={reason}
            onChange={(event) => {
              setReason(event.currentTarget.value as AbuseReason | '');
              setMissingReason(false);
            }}
            error={missingReason ? t.operator.abuse.reasonRequired : fieldError(warn.error, 'reason')}
            data={[
              { value: '', label: t.operator.abuse.reasonPlaceholder, disabled: true },
              ...(Object.keys(t.operator.abuse.reasons) as AbuseReason[]).map((key) => ({ value: key, label: t.operator.abuse.reasons[key] })),
            ]}
          />
          {warningLine && <Say line={warningLine} />}
          <Step type="submit" loading={warn.isPending} done={lastOf(call.timeline, 'abuse_warning_given')} error={warn.error}>{t.operator.abuse.warn}</Step>
        </Stack>
      </form>
      {warned ? (
        <>
          <Text size="sm" fw={600}>{t.operator.abuse.warned}</Text>
          {endingLine && <Say line={endingLine} />}
        </>
      ) : (
        <Text size="sm" c="dimmed" id={`abuse-locked-${call.id}`}>{t.operator.abuse.endLocked}</Text>
      )}
      <Row>
        <StepButton
          color="red.9"
          disabled={!warned}
          aria-describedby={warned ? undefined : `abuse-locked-${call.id}`}
          onClick={() => end.mutate({ type: 'ended', reason: 'abusive_caller' })}
          loading={end.isPending}
        >
          {t.operator.abuse.end}
        </StepButton>
      </Row>
      <ActionError error={end.error} />
    </Stack>
  );
}
