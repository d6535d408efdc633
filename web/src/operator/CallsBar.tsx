// Starting a call by hand and the operator's own calls in progress: a call the exchange rings at the
// operator's extension appears here by itself and is picked up with one key.
import { Badge, Button, Group, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useRef, useState } from 'react';
import { post } from '../api.ts';
import { navigate } from '../app/router.ts';
import { useI18n } from '../i18n/index.tsx';
import { callerText } from '../shared/phone.ts';
import { useMyActiveCalls, useRetryKey } from './hooks.ts';
import { focusOn, keysOf, useShortcut, useShortcutRegistry } from './shortcuts.tsx';
import type { CallSummary, CallView } from './types.ts';
import { ActionError, StepButton, fieldError, useClockTime } from './ui.tsx';

export function CallsBar({ currentId }: { currentId: string | undefined }) {
  const { t } = useI18n();
  const callerWords = { withheld: t.operator.calls.withheldPhone, unknown: t.operator.calls.unknownPhone };
  const headingId = useId();
  const queryClient = useQueryClient();
  const calls = useMyActiveCalls();
  const [phone, setPhone] = useState('');
  const phoneRef = useRef<HTMLInputElement>(null);
  const retryKey = useRetryKey();
  const time = useClockTime();
  const shortcuts = useShortcutRegistry();

  const open = useMutation({
    mutationFn: (body: { callerPhone?: string }) => post<CallView>('/calls', body, retryKey.keyFor(body)),
    onSuccess: (view) => {
      retryKey.forget();
      setPhone('');
      queryClient.setQueryData(['call', view.id], view);
      void queryClient.invalidateQueries({ queryKey: ['calls'] });
      navigate(`/operator/calls/${view.id}`);
      shortcuts?.releaseHold({ drop: false });
    },
    // The keys pressed for a call that did not open are for nothing.
    onError: () => shortcuts?.releaseHold({ drop: true }),
  });

  const pickUp = useMutation({
    mutationFn: (call: CallSummary) => post<CallView>(`/calls/${call.id}/events`, { type: 'answered' }),
    onSuccess: (view) => {
      queryClient.setQueryData(['call', view.id], view);
      void queryClient.invalidateQueries({ queryKey: ['calls'] });
      navigate(`/operator/calls/${view.id}`);
    },
  });

  const active = calls.data ?? [];
  const ringing = active.filter((call) => call.status === 'ringing');
  // The call on screen if it rings, otherwise the one that has waited longest.
  const toPickUp = ringing.find((call) => call.id === currentId) ?? ringing[0];

  useShortcut('newCall', () => focusOn(phoneRef.current));
  useShortcut('pickUp', toPickUp && !pickUp.isPending ? () => pickUp.mutate(toPickUp) : null);

  const submit = () => {
    const callerPhone = phone.trim();
    // Synchronously with the Enter: a key pressed an instant later is already for the new call.
    shortcuts?.holdForNewScreen();
    open.mutate(callerPhone ? { callerPhone } : {});
  };

  return (
    <Paper withBorder p="sm" radius="md" component="section" aria-labelledby={headingId}>
      <Stack gap="xs">
        <Title order={2} size="h5" id={headingId}>{t.operator.calls.heading}</Title>
        <form
          onSubmit={(event) => {
            event.preventDefault();
            submit();
          }}
        >
          <Group align="flex-end" gap="xs" wrap="wrap">
            <TextInput
              ref={phoneRef}
              label={t.operator.calls.phone}
              placeholder={t.operator.calls.phonePlaceholder}
              description={t.operator.calls.newCallHint}
              value={phone}
              onChange={(event) => setPhone(event.currentTarget.value)}
              error={fieldError(open.error, 'callerPhone')}
              inputMode="tel"
              autoComplete="off"
              aria-keyshortcuts={keysOf('newCall')}
              style={{ flex: '1 1 260px' }}
            />
            <StepButton type="submit" shortcut="newCall" loading={open.isPending}>{t.operator.calls.newCall}</StepButton>
          </Group>
        </form>
        <ActionError error={open.error} />

        <Text size="sm" fw={600}>{t.operator.calls.mine}</Text>
        {ringing.length > 0 && (
          <Text size="sm" c="red.9" fw={600} role="status" aria-live="polite">{t.operator.calls.ringingNow(ringing.length)}</Text>
        )}
        {active.length === 0 ? (
          <Text size="sm" c="dimmed">{t.operator.calls.none}</Text>
        ) : (
          <Group gap="xs" wrap="wrap" role="list" aria-label={t.operator.calls.mine}>
            {active.map((call) => {
              const label = t.operator.calls.item(callerText(call, callerWords), t.operator.status[call.status], time(call.openedAt));
              return (
                <Group key={call.id} gap={4} role="listitem" wrap="nowrap">
                  <Button
                    size="xs"
                    h="auto"
                    py={4}
                    variant={call.id === currentId ? 'filled' : 'default'}
                    aria-current={call.id === currentId ? 'true' : undefined}
                    onClick={() => navigate(`/operator/calls/${call.id}`)}
                    styles={{ label: { whiteSpace: 'normal' } }}
                    data-call-status={call.status}
                  >
                    {label}
                  </Button>
                  {call.status === 'ringing' && (
                    <Badge color="red" variant="filled" size="sm">{t.operator.status.ringing}</Badge>
                  )}
                </Group>
              );
            })}
          </Group>
        )}
        {toPickUp && (
          <Group gap="xs">
            <StepButton shortcut="pickUp" color="teal.9" onClick={() => pickUp.mutate(toPickUp)} loading={pickUp.isPending}>
              {t.operator.calls.pickUp}: {callerText(toPickUp, callerWords)}
            </StepButton>
          </Group>
        )}
        <ActionError error={pickUp.error} />
      </Stack>
    </Paper>
  );
}
