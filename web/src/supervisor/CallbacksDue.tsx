// H3: callbacks still to make, the most urgent first; those whose time has come are marked.
import { Group, List, Paper, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { get } from '../api.ts';
import { useI18n } from '../i18n/index.tsx';
import { ListStates } from '../shared/lists.tsx';
import { useNow } from '../shared/format.ts';
import { displayPhone } from '../shared/phone.ts';
import { Tag } from '../shared/Tag.tsx';
import type { CallbackView, Page } from './types.ts';
import { unansweredOriginOf } from '../operator/callbacks/words.ts';

export function CallbacksDue() {
  const { t, formatDateTime, formatTime } = useI18n();
  const now = useNow(15_000);
  const callbacks = useQuery({
    queryKey: ['callbacks', 'console'],
    queryFn: ({ signal }) => get<Page<CallbackView>>('/callbacks?limit=20', signal),
    refetchInterval: 60_000,
  });
  const words = t.supervisor.callbacks;
  const items = callbacks.data?.items ?? [];
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="callbacks-title">
      <Title order={2} size="h4" id="callbacks-title" mb="xs">{words.title}</Title>
      <ListStates query={callbacks} rows={items} empty={{ title: words.emptyTitle, hint: words.emptyHint }}>
        <List spacing={6} listStyleType="none" aria-labelledby="callbacks-title">
          {items.map((callback) => {
            const due = Date.parse(callback.dueAt) <= now;
            return (
              <List.Item key={callback.id} data-callback-id={callback.id}>
                <Group gap={8} wrap="wrap">
                  {due && <Tag size="md" color="red.9">{words.overdue}</Tag>}
                  <Text size="sm" fw={600}>{words.due(formatDateTime(callback.dueAt))}</Text>
                  <Text size="sm">{displayPhone(callback.phone)}</Text>
                  <Text size="sm" c="dimmed">{callback.queue === 'shared' ? words.shared : words.assigned}</Text>
                  {callback.status === 'in_progress' && <Text size="sm">{words.inProgress}</Text>}
                  {callback.attemptCount > 0 && <Text size="sm" c="dimmed">{words.attempts(callback.attemptCount)}</Text>}
                </Group>
                {callback.unansweredCall && (
                  <Text size="sm" fw={600} data-unanswered-origin>{unansweredOriginOf(t, callback, formatTime)}</Text>
                )}
                <Text size="sm" lineClamp={2}>{callback.reason}</Text>
              </List.Item>
            );
          })}
        </List>
      </ListStates>
    </Paper>
  );
}
