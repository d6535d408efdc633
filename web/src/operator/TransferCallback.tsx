// H4: transfer to the responsible person (розпорядник інформації); H3: agree to call the caller back,
// which both lands on the call's timeline and enters the callback queue.
import { Checkbox, Divider, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { post } from '../api.ts';
import { useMe } from '../app/session.ts';
import { useI18n } from '../i18n/index.tsx';
import { useRetryKey, useStep } from './hooks.ts';
import { focusOn, useShortcut } from './shortcuts.tsx';
import type { CallScript, CallView } from './types.ts';
import { ActionError, DoneMark, KeyLabel, Row, Say, ScriptForm, StepButton, fieldError, lastOf } from './ui.tsx';

export function TransferCallbackPanel({ call, script, activate }: { call: CallView; script: CallScript; activate: () => void }) {
  const { t } = useI18n();
  const transfer = useStep(call.id);
  const end = useStep(call.id);
  const [to, setTo] = useState('');
  const toRef = useRef<HTMLInputElement>(null);
  const transferLine = script.hold.lines.find((line) => line.requirement === 'H4');
  const callbackLine = script.hold.lines.find((line) => line.requirement === 'H3');
  useShortcut('transfer', () => {
    activate();
    requestAnimationFrame(() => focusOn(toRef.current));
  });

  return (
    <Stack gap="xs">
      <Title order={3} size="h6">{t.operator.transfer.transferHeading}</Title>
      <Text size="sm" c="dimmed">{t.operator.transfer.transferHint}</Text>
      {transferLine && <Say line={transferLine} />}
      <ScriptForm onSubmit={() => transfer.mutate({ type: 'transferred', to })}>
        <Group align="flex-end" gap="xs" wrap="wrap">
          <TextInput
            ref={toRef}
            label={<KeyLabel text={t.operator.transfer.to} shortcut="transfer" />}
            value={to}
            onChange={(event) => setTo(event.currentTarget.value)}
            error={fieldError(transfer.error, 'to')}
            autoComplete="off"
            style={{ flex: '1 1 240px' }}
          />
          <StepButton type="submit" loading={transfer.isPending}>{t.operator.transfer.record}</StepButton>
        </Group>
      </ScriptForm>
      <DoneMark event={lastOf(call.timeline, 'transferred')} />
      <ActionError error={transfer.error} />
      {call.live.mayEndFor.includes('transferred') && (
        <Row>
          <StepButton color="red.9" variant="outline" onClick={() => end.mutate({ type: 'ended', reason: 'transferred' })} loading={end.isPending}>
            {t.operator.transfer.endTransferred}
          </StepButton>
        </Row>
      )}

      <Divider my={4} />
      <Title order={3} size="h6">{t.operator.transfer.callbackHeading}</Title>
      <Text size="sm" c="dimmed">{t.operator.transfer.callbackHint}</Text>
      {callbackLine && <Say line={callbackLine} />}
      <CallbackForm call={call} />
      {call.live.mayEndFor.includes('callback_arranged') && (
        <Row>
          <StepButton color="red.9" variant="outline" onClick={() => end.mutate({ type: 'ended', reason: 'callback_arranged' })} loading={end.isPending}>
            {t.operator.transfer.endCallback}
          </StepButton>
        </Row>
      )}
      <ActionError error={end.error} />
    </Stack>
  );
}

function CallbackForm({ call }: { call: CallView }) {
  const { t, formatDateTime } = useI18n();
  const me = useMe();
  const queryClient = useQueryClient();
  const step = useStep(call.id);
  const retryKey = useRetryKey();
  const [phone, setPhone] = useState(call.callerPhone ?? '');
  const [reason, setReason] = useState('');
  const [dueAt, setDueAt] = useState(() => kyivInputValue(new Date(Date.now() + 30 * 60_000)));
  const [mine, setMine] = useState(true);
  const [scheduledAt, setScheduledAt] = useState<string | null>(null);
  const eventRecordedFor = useRef<string | null>(null);

  // Both the timeline (callback_requested) and the queue (POST /callbacks): a retry after a failure
  // replays whichever half already went through instead of doing it twice.
  const schedule = useMutation({
    mutationFn: async () => {
      const due = kyivInputToIso(dueAt);
      if (due === null) throw new Error(t.operator.transfer.dueAtRequired);
      const event = { type: 'callback_requested' as const, phone, reason };
      const key = retryKey.keyFor({ event, due, mine });
      if (eventRecordedFor.current !== key) {
        await step.mutateAsync(event);
        eventRecordedFor.current = key;
      }
      const body = {
        callId: call.id,
        phone,
        reason,
        dueAt: due,
        ...(mine && me.data ? { assignedOperatorId: me.data.id } : {}),
      };
      return post<{ dueAt: string }>('/callbacks', body, `${key}-callback`);
    },
    onSuccess: (callback) => {
      retryKey.forget();
      setScheduledAt(callback.dueAt);
      void queryClient.invalidateQueries({ queryKey: ['callbacks'] });
    },
  });

  return (
    <ScriptForm onSubmit={() => schedule.mutate()}>
      <Stack gap="xs">
        <Group gap="xs" align="flex-start" wrap="wrap">
          <TextInput
            label={t.operator.transfer.phone}
            value={phone}
            onChange={(event) => setPhone(event.currentTarget.value)}
            error={fieldError(schedule.error, 'phone')}
            inputMode="tel"
            autoComplete="off"
            style={{ flex: '1 1 180px' }}
          />
          <TextInput
            type="datetime-local"
            label={t.operator.transfer.dueAt}
            value={dueAt}
            onChange={(event) => setDueAt(event.currentTarget.value)}
            error={fieldError(schedule.error, 'dueAt')}
            style={{ flex: '1 1 200px' }}
          />
        </Group>
        <TextInput
          label={t.operator.transfer.reason}
          value={reason}
          onChange={(event) => setReason(event.currentTarget.value)}
          error={fieldError(schedule.error, 'reason')}
          autoComplete="off"
        />
        <Checkbox label={t.operator.transfer.assignToMe} description={t.operator.transfer.assignHint} checked={mine} onChange={(event) => setMine(event.currentTarget.checked)} />
        <Row>
          <StepButton type="submit" loading={schedule.isPending}>{t.operator.transfer.request}</StepButton>
          <DoneMark event={lastOf(call.timeline, 'callback_requested')} />
        </Row>
        {scheduledAt && <Text size="sm" c="teal.9" fw={600} role="status">{t.operator.transfer.scheduled(formatDateTime(scheduledAt))}</Text>}
        <ActionError error={schedule.error} />
      </Stack>
    </ScriptForm>
  );
}

const KYIV_PARTS = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Kyiv',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

function kyivWall(instant: number): { year: number; month: number; day: number; hour: number; minute: number } {
  const parts = Object.fromEntries(KYIV_PARTS.formatToParts(new Date(instant)).map((part) => [part.type, part.value]));
  return { year: Number(parts.year), month: Number(parts.month), day: Number(parts.day), hour: Number(parts.hour), minute: Number(parts.minute) };
}

/** The value of a datetime-local field showing this instant on a Kyiv clock. */
export function kyivInputValue(instant: Date): string {
  const wall = kyivWall(instant.getTime());
  const two = (value: number) => String(value).padStart(2, '0');
  return `${wall.year}-${two(wall.month)}-${two(wall.day)}T${two(wall.hour)}:${two(wall.minute)}`;
}

/** A datetime-local value read as Kyiv time, as an ISO instant; null when it is not a date and time. */
export function kyivInputToIso(value: string): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(value);
  if (!match) return null;
  const [year, month, day, hour, minute] = match.slice(1).map(Number) as [number, number, number, number, number];
  const asUtc = Date.UTC(year, month - 1, day, hour, minute);
  // Kyiv's offset at that moment (it changes with summer time): measure it, then correct once more.
  const offsetAt = (instant: number) => {
    const wall = kyivWall(instant);
    return Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute) - Math.floor(instant / 60_000) * 60_000;
  };
  let instant = asUtc - offsetAt(asUtc);
  instant = asUtc - offsetAt(instant);
  return new Date(instant).toISOString();
}
