// What the operator holding a callback does with it (H3): call through the exchange, record an
// attempt by hand, close it with its outcome, or put it back in the queue. Each says what happened
// and what to do next; a refused form keeps what was typed.
import { Alert, Button, Checkbox, Group, NativeSelect, Radio, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useId, useState, type ReactNode, type RefObject } from 'react';
import { ApiError } from '../../api.ts';
import { errorText } from '../../app/states.tsx';
import { useI18n, type Catalogue } from '../../i18n/index.tsx';
import { ATTEMPT_OUTCOMES, CLOSE_OUTCOMES, CONVERSATION_OUTCOMES } from '../../../../src/callbacks/labels.ts';
import { displayPhone } from '../../shared/phone.ts';
import { kyivInputToIso } from '../TransferCallback.tsx';
import { ActionError, fieldError } from '../ui.tsx';
import { useClose, useDial, useRecordAttempt, useRelease } from './hooks.ts';
import type { AttemptOutcome, CallbackDetail, CloseOutcome, DialAnswer } from './types.ts';

/** 'answered' and 'failed' are what the exchange reports when Dovira dials; by hand the rest apply. */
const BY_HAND: AttemptOutcome[] = ATTEMPT_OUTCOMES.filter((outcome) => outcome !== 'answered' && outcome !== 'failed');

// The tinted backgrounds carry the colour; titles stay in the text colour for WCAG AA contrast.
const READABLE = { title: { color: 'var(--mantine-color-text)' } };

function Block({ title, hint, children }: { title: string; hint: string; children: ReactNode }) {
  const headingId = useId();
  return (
    <Stack gap={6} component="section" aria-labelledby={headingId} pt="xs" style={{ borderTop: '1px solid var(--mantine-color-gray-3)' }}>
      <Title order={3} size="h6" id={headingId}>{title}</Title>
      <Text size="sm" c="dimmed">{hint}</Text>
      {children}
    </Stack>
  );
}

/** The exchange's answer in words: what happened, and what to do next. */
function dialOutcome(t: Catalogue, dial: DialAnswer['dial']): { title: string; next: string; color: string } {
  const words = t.operator.callbacks.dial;
  switch (dial.outcome) {
    case 'answered':
      return dial.bridged
        ? { title: words.answered, next: words.answeredNext, color: 'teal' }
        : { title: words.notBridged, next: words.notBridgedNext, color: 'red' };
    case 'busy':
      return { title: words.busy, next: words.busyNext, color: 'yellow' };
    case 'no_answer':
      return { title: words.noAnswer, next: words.noAnswerNext, color: 'yellow' };
    case 'failed':
      return { title: words.failed, next: words.failedNext, color: 'red' };
  }
}

export function DialBlock({ callback, onManual }: { callback: CallbackDetail; onManual: () => void }) {
  const { t } = useI18n();
  const words = t.operator.callbacks.dial;
  const dial = useDial(callback.id);
  const result = dial.data?.dial;
  const outcome = result ? dialOutcome(t, result) : null;
  const error = dial.error instanceof ApiError ? dial.error : null;

  return (
    <Block title={words.heading} hint={words.hint}>
      <Group>
        <Button color="teal.9" onClick={() => dial.mutate()} loading={dial.isPending} data-testid="dial">{words.button}</Button>
      </Group>
      {dial.isPending && <Text size="sm" role="status">{words.dialling}</Text>}
      {outcome && result && (
        <Alert color={outcome.color} title={outcome.title} styles={READABLE} role="status" data-dial-outcome={result.outcome}>
          <Text size="sm">{outcome.next}</Text>
          {result.detail && <Text size="xs" c="dimmed">{words.pbxDetail(result.detail)}</Text>}
        </Alert>
      )}
      {error?.code === 'dialling-off' ? (
        // The installation has no dialler: said plainly, with the way that still works.
        <Alert color="yellow" title={words.offTitle} styles={READABLE} role="alert" data-dial-error={error.code}>
          <Stack gap={6}>
            <Text size="sm">{words.offNext(displayPhone(callback.phone))}</Text>
            <Group><Button size="xs" variant="default" onClick={onManual}>{words.toManual}</Button></Group>
          </Stack>
        </Alert>
      ) : error && (error.code === 'no-extension' || error.code === 'dialler-busy' || error.code === 'dialler-unavailable') ? (
        <Alert color="red" title={error.code === 'no-extension' ? words.noExtensionTitle : words.unavailableTitle} styles={READABLE} role="alert" data-dial-error={error.code}>
          <Stack gap={6}>
            <Text size="sm">{errorText(error)}</Text>
            <Text size="sm">{words.manualNext}</Text>
            <Group><Button size="xs" variant="default" onClick={onManual}>{words.toManual}</Button></Group>
          </Stack>
        </Alert>
      ) : (
        <ActionError error={dial.error} />
      )}
    </Block>
  );
}

export function AttemptForm({ callback, outcomeRef }: { callback: CallbackDetail; outcomeRef: RefObject<HTMLSelectElement | null> }) {
  const { t } = useI18n();
  const words = t.operator.callbacks.attempt;
  const record = useRecordAttempt(callback.id);
  const [outcome, setOutcome] = useState<AttemptOutcome | ''>('');
  const [note, setNote] = useState('');
  const [closeToo, setCloseToo] = useState(false);
  const [missing, setMissing] = useState(false);
  const [done, setDone] = useState(false);

  const submit = () => {
    if (outcome === '') {
      setMissing(true);
      outcomeRef.current?.focus();
      return;
    }
    const trimmed = note.trim();
    record.mutate(
      { outcome, ...(trimmed ? { note: trimmed } : {}), ...(outcome === 'reached' && closeToo ? { close: true } : {}) },
      {
        onSuccess: () => {
          setOutcome('');
          setNote('');
          setCloseToo(false);
          setDone(true);
        },
      },
    );
  };

  return (
    <Block title={words.heading} hint={words.hint}>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          submit();
        }}
      >
        <Stack gap={6}>
          <NativeSelect
            ref={outcomeRef}
            label={words.outcome}
            value={outcome}
            onChange={(event) => {
              setOutcome(event.currentTarget.value as AttemptOutcome | '');
              setMissing(false);
              setDone(false);
            }}
            data={[{ value: '', label: words.choose }, ...BY_HAND.map((value) => ({ value, label: t.operator.callbacks.attemptOutcome[value] }))]}
            error={missing ? words.outcomeRequired : fieldError(record.error, 'outcome')}
            maw={420}
          />
          <Textarea
            label={words.note}
            value={note}
            onChange={(event) => setNote(event.currentTarget.value)}
            error={fieldError(record.error, 'note')}
            autosize
            minRows={2}
            maxLength={2000}
          />
          {outcome === 'reached' && (
            <Checkbox label={words.closeToo} checked={closeToo} onChange={(event) => setCloseToo(event.currentTarget.checked)} />
          )}
          <Group>
            <Button type="submit" loading={record.isPending}>{words.submit}</Button>
            {done && !record.isPending && <Text size="sm" c="teal.9" fw={600} role="status">✓ {words.done}</Text>}
          </Group>
          <ActionError error={record.error} />
        </Stack>
      </form>
    </Block>
  );
}

export function CloseForm({ callback }: { callback: CallbackDetail }) {
  const { t } = useI18n();
  const words = t.operator.callbacks.close;
  const close = useClose(callback.id);
  const spoke = callback.attempts.some((attempt) => CONVERSATION_OUTCOMES.includes(attempt.outcome));
  // Until the operator chooses, the outcome follows the attempts: informed once they spoke.
  const [chosen, setChosen] = useState<CloseOutcome | null>(null);
  const outcome = chosen ?? (spoke ? 'informed' : 'unreachable');
  const [resolution, setResolution] = useState('');

  return (
    <Block title={words.heading} hint={words.hint}>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          const trimmed = resolution.trim();
          close.mutate({ outcome, ...(trimmed ? { resolution: trimmed } : {}) });
        }}
      >
        <Stack gap={6}>
          <Radio.Group label={words.outcome} value={outcome} onChange={(value) => setChosen(value as CloseOutcome)} error={fieldError(close.error, 'outcome')}>
            <Group gap="md" mt={4}>
              {CLOSE_OUTCOMES.map((value) => <Radio key={value} value={value} label={t.operator.callbacks.closeOutcome[value]} />)}
            </Group>
          </Radio.Group>
          <Textarea
            label={words.resolution}
            value={resolution}
            onChange={(event) => setResolution(event.currentTarget.value)}
            error={fieldError(close.error, 'resolution')}
            autosize
            minRows={2}
            maxLength={2000}
          />
          {callback.attemptCount === 0 && <Text size="sm" c="dimmed">{words.needsAttempt}</Text>}
          <Group>
            <Button type="submit" loading={close.isPending}>{words.submit}</Button>
          </Group>
          {/* The refusal of a field is shown at the field; anything else here. */}
          {close.error && !(close.error instanceof ApiError && close.error.fieldMessage('outcome')) && <ActionError error={close.error} />}
        </Stack>
      </form>
    </Block>
  );
}

export function ReleaseForm({ callback }: { callback: CallbackDetail }) {
  const { t } = useI18n();
  const words = t.operator.callbacks.release;
  const release = useRelease(callback.id);
  const [dueAt, setDueAt] = useState('');

  return (
    <Block title={words.heading} hint={words.hint}>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          const due = dueAt ? kyivInputToIso(dueAt) : null;
          release.mutate(due ? { dueAt: due } : {});
        }}
      >
        <Group gap="xs" align="flex-end" wrap="wrap">
          <TextInput
            type="datetime-local"
            label={words.dueAt}
            value={dueAt}
            onChange={(event) => setDueAt(event.currentTarget.value)}
            error={fieldError(release.error, 'dueAt')}
            style={{ flex: '0 1 260px' }}
          />
          <Button type="submit" variant="default" loading={release.isPending}>{words.submit}</Button>
        </Group>
        <ActionError error={release.error} />
      </form>
    </Block>
  );
}
