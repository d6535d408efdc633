// A3: appeals still to be forwarded to a judicial body today, and those already late, with the
// Law's five-day limit beside them. Refreshes when appeals arrive or move on, and each minute for
// the turn of the day.
import { Badge, Group, List, Paper, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { get } from '../api.ts';
import { useI18n } from '../i18n/index.tsx';
import { ListStates } from '../shared/lists.tsx';
import { AppLink } from '../shared/AppLink.tsx';
import { useFormats } from '../shared/format.ts';
import type { DueItem, StillToForward } from './types.ts';

export function ForwardingDue() {
  const { t } = useI18n();
  const due = useQuery({
    queryKey: ['forwarding-due'],
    queryFn: ({ signal }) => get<StillToForward>('/forwarding/due', signal),
    refetchInterval: 60_000,
  });
  const words = t.supervisor.due;
  const { calendarDay } = useFormats();
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="forwarding-due-title">
      <Title order={2} size="h4" id="forwarding-due-title">{words.title}</Title>
      <Text size="sm" c="dimmed" mb="xs">{due.data ? words.todayIs(calendarDay(due.data.today)) : '\u00a0'}</Text>
      <ListStates query={due} rows={due.data ? [...due.data.late, ...due.data.dueToday] : []} empty={{ title: words.emptyTitle, hint: words.emptyHint }}>
        {due.data && (
          <Stack gap="sm">
            {due.data.late.length > 0 && <DueList id="due-late" title={words.late} items={due.data.late} late />}
            {due.data.dueToday.length > 0 && <DueList id="due-today" title={words.dueToday} items={due.data.dueToday} late={false} />}
          </Stack>
        )}
      </ListStates>
    </Paper>
  );
}

function DueList({ id, title, items, late }: { id: string; title: string; items: DueItem[]; late: boolean }) {
  const { t, formatDateTime } = useI18n();
  const { calendarDay } = useFormats();
  const words = t.supervisor.due;
  return (
    <div>
      <Group gap={6} mb={4}>
        <Title order={3} size="h6" id={id} c={late ? 'red.9' : undefined}>{title}</Title>
        <Badge size="sm" variant="light" color={late ? 'red' : 'blue'} c="dark.8">{items.length}</Badge>
      </Group>
      <List spacing={4} listStyleType="none" aria-labelledby={id} data-due-list={late ? 'late' : 'today'}>
        {items.map((item) => (
          <List.Item key={item.appealId} data-appeal-id={item.appealId}>
            <Group gap={8} wrap="wrap">
              <AppLink to={`/supervisor/appeals/${item.appealId}`} size="sm" fw={600}>{item.registrationNumber}</AppLink>
              <Text size="sm">{t.supervisor.appealKind[item.kind]}</Text>
              <Text size="sm" c="dimmed">{words.registered(formatDateTime(item.registeredAt))}</Text>
              <Text size="sm" c={item.lateByLaw ? 'red.9' : 'dimmed'} fw={item.lateByLaw ? 600 : undefined}>
                {item.lateByLaw ? words.lateByLaw : words.byLaw(calendarDay(item.forwardingByLaw))}
              </Text>
            </Group>
          </List.Item>
        ))}
      </List>
    </div>
  );
}
