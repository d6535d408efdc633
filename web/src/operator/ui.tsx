// Small pieces every part of the call screen uses: sections with a hint, the lines to say, step
// buttons that show their shortcut, "done at" marks and errors next to the action.
import { Alert, Button, Group, Kbd, Paper, Stack, Text, Title, type ButtonProps } from '@mantine/core';
import { useId, useMemo, type ReactNode, type Ref } from 'react';
import { ApiError } from '../api.ts';
import { errorText } from '../app/states.tsx';
import { useI18n } from '../i18n/index.tsx';
import { keysOf, type ShortcutId } from './shortcuts.tsx';
import type { ScriptLine, TimelineEvent } from './types.ts';

/** Kyiv wall-clock time with seconds: a call's steps are seconds apart. */
export function useClockTime(): (iso: string) => string {
  const { language } = useI18n();
  return useMemo(() => {
    const format = new Intl.DateTimeFormat(language === 'uk' ? 'uk-UA' : 'en-GB', {
      timeZone: 'Europe/Kyiv',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    return (iso: string) => format.format(new Date(iso));
  }, [language]);
}

export function Section({ title, hint, children, sectionRef }: { title: string; hint?: string; children: ReactNode; sectionRef?: Ref<HTMLElement> }) {
  const id = useId();
  return (
    <Paper withBorder p="sm" radius="md" component="section" aria-labelledby={id} ref={sectionRef}>
      <Stack gap="xs">
        <Title order={2} size="h5" id={id}>{title}</Title>
        {hint && <Text size="sm" c="dimmed">{hint}</Text>}
        {children}
      </Stack>
    </Paper>
  );
}

/** A line the operator says, marked as the Standard's own phrase or Dovira's recommended wording. */
export function Say({ line, text }: { line?: ScriptLine; text?: string }) {
  const { t } = useI18n();
  const words = text ?? line?.text ?? '';
  return (
    <Paper bg="gray.0" px="sm" py={6} radius="sm" style={{ borderLeft: '4px solid var(--mantine-color-blue-8)' }}>
      <Text fw={600} style={{ overflowWrap: 'anywhere' }} data-script-line={line?.step}>«{words}»</Text>
      {line && (
        <Text size="xs" c="dimmed">
          {line.source === 'standard' ? t.operator.step.standardPhrase : t.operator.step.doviraPhrase} · {line.requirement}
        </Text>
      )}
    </Paper>
  );
}

export interface StepButtonProps extends ButtonProps {
  shortcut?: ShortcutId;
  onClick?: () => void;
  type?: 'button' | 'submit';
  buttonRef?: Ref<HTMLButtonElement>;
  'aria-describedby'?: string;
}

/** A button that names its shortcut on screen and to assistive technology, and wraps long labels. */
export function StepButton({ shortcut, children, buttonRef, type = 'button', ...props }: StepButtonProps) {
  return (
    <Button
      size="sm"
      h="auto"
      mih={34}
      py={6}
      type={type}
      ref={buttonRef}
      aria-keyshortcuts={shortcut ? keysOf(shortcut) : undefined}
      rightSection={shortcut ? <Kbd size="xs" aria-hidden="true">{keysOf(shortcut)}</Kbd> : undefined}
      styles={{ label: { whiteSpace: 'normal', textAlign: 'left' }, inner: { justifyContent: 'space-between' } }}
      {...props}
    >
      {children}
    </Button>
  );
}

/** "Done at 10:32:05" for a step already on the timeline. */
export function DoneMark({ event }: { event: TimelineEvent | undefined }) {
  const { t } = useI18n();
  const time = useClockTime();
  if (!event) return null;
  return <Text size="sm" c="teal.9" fw={600} data-done={event.type}>✓ {t.operator.step.done(time(event.at))}</Text>;
}

/** The server's refusal, in Ukrainian, right next to the action that was refused. */
export function ActionError({ error }: { error: unknown }) {
  const { t } = useI18n();
  if (!error) return null;
  const fieldsOnly = error instanceof ApiError && error.fieldErrors.length > 0 && error.status === 400;
  return (
    <Alert color="red" role="alert" p="xs" variant="light" title={fieldsOnly ? undefined : t.common.errorTitle}>
      <Text size="sm" c="red.9">{errorText(error)}</Text>
      <Text size="xs" c="dimmed">{t.common.savedFormKept}</Text>
    </Alert>
  );
}

/** The message for one field of a refused request, or undefined. */
export function fieldError(error: unknown, field: string): string | undefined {
  return error instanceof ApiError ? error.fieldMessage(field) : undefined;
}

/** A field's label with the shortcut that brings the cursor to it (hidden from its accessible name). */
export function KeyLabel({ text, shortcut }: { text: string; shortcut: ShortcutId }) {
  return (
    <>
      {text} <Kbd size="xs" aria-hidden="true">{keysOf(shortcut)}</Kbd>
    </>
  );
}

export function Row({ children }: { children: ReactNode }) {
  return <Group gap="xs" align="flex-start" wrap="wrap">{children}</Group>;
}

/** A form of the call screen: sent with Enter or its button, and the page stays where it is. */
export function ScriptForm({ onSubmit, children }: { onSubmit: () => void; children: ReactNode }) {
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        onSubmit();
      }}
    >
      {children}
    </form>
  );
}

/** One step of the script: its button, «done at» once the step is on the timeline, and the server's refusal below. */
export function Step({ done, error, ...button }: StepButtonProps & { done: TimelineEvent | undefined; error: unknown }) {
  return (
    <>
      <Row>
        <StepButton {...button} />
        <DoneMark event={done} />
      </Row>
      <ActionError error={error} />
    </>
  );
}

/** The latest event of a type on the timeline. */
export function lastOf(timeline: TimelineEvent[], type: string): TimelineEvent | undefined {
  for (let index = timeline.length - 1; index >= 0; index -= 1) if (timeline[index]!.type === type) return timeline[index];
  return undefined;
}
