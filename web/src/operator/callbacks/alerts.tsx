// H3 for the operator: an alert the moment a callback of theirs (or of the shared queue) falls due,
// and a small reminder on the workspace of how many are due now.
import { Anchor, Button, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useLiveMessages, type LiveMessage } from '../../app/live.tsx';
import { navigate } from '../../app/router.ts';
import { useMe } from '../../app/session.ts';
import { useI18n } from '../../i18n/index.tsx';
import { useDueCount } from './hooks.ts';

const text = (value: unknown) => (typeof value === 'string' ? value : '');

/** The alert shown for each callback, so opening the callback puts its alert away. */
const shown = new Map<string, string>();

export function dismissDueAlert(callbackId: string): void {
  const id = shown.get(callbackId);
  if (id === undefined) return;
  notifications.hide(id);
  shown.delete(callbackId);
}

/** Rendered by the operator's screens: turns `callback.due` into an alert. Renders nothing itself. */
export function OperatorCallbackAlerts() {
  const { t, formatDateTime } = useI18n();
  const words = t.operator.callbacks.alert;
  useLiveMessages((message: LiveMessage) => {
    if (message.type !== 'callback.due') return;
    const id = text(message.callbackId);
    const to = `/operator/callbacks/${id}`;
    // Already open on screen: the list and the callback refresh themselves, no alert is needed.
    if (location.pathname === to) return;
    // One alert per callback and time, even if two screens listen.
    const alertId = `callback.due:${id}:${text(message.dueAt)}`;
    shown.set(id, alertId);
    notifications.show({
      id: alertId,
      color: 'orange',
      title: words.title,
      autoClose: 60_000,
      closeButtonProps: { 'aria-label': t.common.close },
      message: (
        <Stack gap={2}>
          <Text size="sm" c="dark.7">{words.text(formatDateTime(text(message.dueAt)))}</Text>
          <Anchor
            size="sm"
            href={to}
            onClick={(event) => {
              event.preventDefault();
              navigate(to);
            }}
          >
            {words.open}
          </Anchor>
        </Stack>
      ),
    });
  });
  return null;
}

/** «Зворотні дзвінки: настав час — 2»: shown on the workspace only while some are due. */
export function DueCallbacksLink() {
  const { t } = useI18n();
  const due = useDueCount(useMe().data?.id);
  if (!due.data || due.data.count === 0) return null;
  const to = '/operator/callbacks?due=overdue';
  return (
    <Button
      component="a"
      href={to}
      size="xs"
      variant="outline"
      color="red.9"
      onClick={(event) => {
        event.preventDefault();
        navigate(to);
      }}
      data-testid="callbacks-due"
      // Never squeezed by the title beside it: the count is the point.
      style={{ flexShrink: 0 }}
    >
      {t.operator.callbacks.dueLink(due.data.count, due.data.more)}
    </Button>
  );
}
