// 4. Closing (C3, C4): make sure the caller understood, say the closing phrase, end with a reason.
import { NativeSelect, Stack, Text } from '@mantine/core';
import { useRef, useState } from 'react';
import { useI18n } from '../i18n/index.tsx';
import { useStep } from './hooks.ts';
import { focusOn, useShortcut } from './shortcuts.tsx';
import type { CallScript, CallView, EndReason } from './types.ts';
import { ActionError, Row, Say, ScriptForm, Section, Step, StepButton, lastOf } from './ui.tsx';

// Ending for abuse (D3) or for no audio (T2) has its own procedure in its own tab.
const CLOSING_REASONS = ['completed', 'caller_hung_up', 'transferred', 'callback_arranged'] as const satisfies readonly EndReason[];
type ClosingReason = (typeof CLOSING_REASONS)[number];

export function Closing({ call, script }: { call: CallView; script: CallScript }) {
  const { t } = useI18n();
  const understood = useStep(call.id);
  const closingSaid = useStep(call.id);
  const end = useStep(call.id);
  const [reason, setReason] = useState<ClosingReason>('completed');
  const endRef = useRef<HTMLButtonElement>(null);
  const [checkLine, closingLine] = script.closing;
  const understoodAt = lastOf(call.timeline, 'understanding_confirmed');
  const closingAt = lastOf(call.timeline, 'closing_phrase_said');

  const confirmUnderstanding = () => understood.mutate({ type: 'understanding_confirmed' });
  const sayClosing = () => closingSaid.mutate({ type: 'closing_phrase_said' });
  useShortcut('understood', understood.isPending ? null : confirmUnderstanding);
  useShortcut('closing', closingSaid.isPending ? null : sayClosing);
  useShortcut('end', () => focusOn(endRef.current));

  const stillToDo = [understoodAt ? null : t.operator.closing.understoodShort, closingAt ? null : t.operator.closing.closingShort].filter((item) => item !== null);

  return (
    <Section title={t.operator.closing.heading} hint={t.operator.closing.hint}>
      {checkLine && <Say line={checkLine} />}
      <Step shortcut="understood" onClick={confirmUnderstanding} loading={understood.isPending} variant={understoodAt ? 'default' : 'filled'} done={understoodAt} error={understood.error}>
        {t.operator.closing.understood}
      </Step>
      {closingLine && <Say line={closingLine} />}
      <Step shortcut="closing" onClick={sayClosing} loading={closingSaid.isPending} variant={closingAt ? 'default' : 'filled'} done={closingAt} error={closingSaid.error}>
        {t.operator.closing.closingSaid}
      </Step>
      <ScriptForm onSubmit={() => end.mutate({ type: 'ended', reason })}>
        <Stack gap="xs">
          <Row>
            <NativeSelect
              label={t.operator.closing.reason}
              value={reason}
              onChange={(event) => setReason(event.currentTarget.value as ClosingReason)}
              data={CLOSING_REASONS.map((key) => ({
                value: key,
                label: call.live.mayEndFor.includes(key) ? t.operator.endReasons[key] : `${t.operator.endReasons[key]} — ${t.operator.closing.reasonUnavailable}`,
                disabled: !call.live.mayEndFor.includes(key),
              }))}
              style={{ flex: '1 1 260px' }}
            />
          </Row>
          {call.live.onHold && <Text size="sm" c="red.9">{t.operator.closing.endOnHold}</Text>}
          {stillToDo.length > 0 && <Text size="sm" c="red.9" fw={600}>{t.operator.closing.stillToDo} {stillToDo.join(', ')}</Text>}
          <Row>
            <StepButton type="submit" shortcut="end" color="red.9" buttonRef={endRef} loading={end.isPending}>{t.operator.closing.end}</StepButton>
          </Row>
          <ActionError error={end.error} />
        </Stack>
      </ScriptForm>
    </Section>
  );
}
