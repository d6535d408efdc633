// What the supervisor is told the moment it happens: Mantine notifications for new appeals (A2),
// forwarding deadlines (A3), long holds (H5) and callbacks falling due (H3); and which appeals
// arrived while the console was open, so the lists can highlight them.
import { Anchor, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useSyncExternalStore } from 'react';
import { navigate } from '../app/router.ts';
import { useLiveMessages, type LiveMessage } from '../app/live.tsx';
import { useI18n, type Catalogue } from '../i18n/index.tsx';
import { clock, useLimits } from '../shared/format.ts';
import type { AppealKind } from './types.ts';

// Appeals registered since this page was loaded: kept across the supervisor's screens.
let arrived: ReadonlySet<string> = new Set();
const listeners = new Set<() => void>();

function markArrived(appealId: string): void {
  arrived = new Set([...arrived, appealId]);
  listeners.forEach((listener) => listener());
}

/** Appeals that arrived live (A2), to be highlighted as new. */
export function useArrivedAppeals(): ReadonlySet<string> {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => arrived,
  );
}

function body(t: Catalogue, text: string, to: string) {
  return (
    <Stack gap={2}>
      <Text size="sm" c="dark.7">{text}</Text>
      <Anchor
        size="sm"
        href={to}
        onClick={(event) => {
          event.preventDefault();
          navigate(to);
        }}
      >
        {t.supervisor.alerts.open}
      </Anchor>
    </Stack>
  );
}

const str = (value: unknown) => (typeof value === 'string' ? value : '');

/** Rendered by every supervisor screen: turns live events into alerts. Renders nothing itself. */
export function SupervisorAlerts() {
  const { t, formatTime, formatDateTime } = useI18n();
  const limits = useLimits();
  const a = t.supervisor.alerts;
  useLiveMessages((message: LiveMessage) => {
    const closeButtonProps = { 'aria-label': t.common.close };
    switch (message.type) {
      case 'appeal.registered': {
        const id = str(message.appealId);
        markArrived(id);
        const kind = t.supervisor.appealKind[str(message.kind) as AppealKind] ?? str(message.kind);
        notifications.show({
          id: `appeal.registered:${id}`, color: 'blue', title: a.appealRegistered, autoClose: 15_000, closeButtonProps,
          message: body(t, a.appealRegisteredText(str(message.registrationNumber), kind), `/supervisor/appeals/${id}`),
        });
        break;
      }
      case 'appeal.forwarding_due':
      case 'appeal.forwarding_late': {
        const id = str(message.appealId);
        const late = message.type === 'appeal.forwarding_late';
        notifications.show({
          id: `${message.type}:${id}`, color: late ? 'red' : 'yellow', title: late ? a.forwardingLate : a.forwardingDue, autoClose: late ? false : 30_000, closeButtonProps,
          priority: late ? 1 : 0,
          message: body(t, a.forwardingText(str(message.registrationNumber), str(message.deadline)), `/supervisor/appeals/${id}`),
        });
        break;
      }
      case 'call.hold_long': {
        const id = str(message.callId);
        const limit = typeof message.limitSeconds === 'number' ? message.limitSeconds : limits.holdSeconds;
        notifications.show({
          // Shown ahead of any alerts waiting for room on screen: a caller is waiting on the line now.
          id: `call.hold_long:${id}:${str(message.holdStartedAt)}`, color: 'red', title: a.holdLong, autoClose: false, closeButtonProps, priority: 2,
          message: body(t, (message.source === 'phone' ? a.holdLongPhoneText : a.holdLongText)(clock(limit), formatTime(str(message.holdStartedAt))), `/supervisor/calls/${id}`),
        });
        break;
      }
      case 'callback.due':
        notifications.show({
          id: `callback.due:${str(message.callbackId)}:${str(message.dueAt)}`, color: 'orange', title: a.callbackDue, autoClose: 30_000, closeButtonProps,
          message: <Text size="sm" c="dark.7">{a.callbackDueText(formatDateTime(str(message.dueAt)))}</Text>,
        });
        break;
    }
  });
  return null;
}
