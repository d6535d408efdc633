// The court clerk's inbox: appeals forwarded to their own judicial body, newest first, new ones
// arriving live; the chosen appeal opens beside the list.
import { Anchor, Grid, Group, NativeSelect, Paper, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, useSyncExternalStore } from 'react';
import { useLiveMessages } from '../app/live.tsx';
import { navigate } from '../app/router.ts';
import { useI18n } from '../i18n/index.tsx';
import { AppLink } from '../shared/AppLink.tsx';
import { PagedTable, usePagedList } from '../shared/lists.tsx';
import { Tag } from '../shared/Tag.tsx';
import type { ForwardingView } from '../../../src/forwarding/view.ts';
import { ClerkAppeal } from './ClerkAppeal.tsx';

type InboxStatus = 'forwarded' | 'acknowledged' | 'answered';
const STATUSES: InboxStatus[] = ['forwarded', 'acknowledged', 'answered'];

// Appeals forwarded to this court while the inbox was open, highlighted as new.
let arrived: ReadonlySet<string> = new Set();
const listeners = new Set<() => void>();
const subscribe = (listener: () => void) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};

export function ClerkInbox({ params }: { params: Record<string, string> }) {
  const { t, formatDateTime } = useI18n();
  const [status, setStatus] = useState('');
  const fresh = useSyncExternalStore(subscribe, () => arrived);
  const selected = params.appealId;
  const inbox = usePagedList<ForwardingView>({ queryKey: ['clerk-inbox', 'list', status], path: '/clerk/inbox', query: { limit: '30', status } });
  useLiveMessages((message) => {
    if (message.type !== 'appeal.status_changed' || message.status !== 'forwarded' || typeof message.appealId !== 'string') return;
    const id = message.appealId;
    arrived = new Set([...arrived, id]);
    listeners.forEach((listener) => listener());
    const to = `/clerk/appeals/${id}`;
    notifications.show({
      id: `clerk-arrived:${id}`, color: 'blue', title: t.clerk.alerts.arrived, autoClose: 20_000, closeButtonProps: { 'aria-label': t.common.close },
      message: (
        <Stack gap={2}>
          <Text size="sm" c="dark.7">{String(message.registrationNumber ?? '')}</Text>
          <Anchor size="sm" href={to} onClick={(event) => { event.preventDefault(); navigate(to); }}>{t.clerk.alerts.open}</Anchor>
        </Stack>
      ),
    });
  });

  const words = t.clerk.list;
  const isNew = (item: ForwardingView) => fresh.has(item.appealId) && item.status === 'forwarded';
  const isCurrent = (item: ForwardingView) => item.appealId === selected;
  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={1} size="h3">{t.clerk.title}</Title>
          <Text size="sm" c="dimmed">{t.clerk.intro}</Text>
        </div>
        <NativeSelect
          label={t.clerk.filter}
          value={status}
          onChange={(event) => setStatus(event.currentTarget.value)}
          data={[{ value: '', label: t.clerk.all }, ...STATUSES.map((value) => ({ value, label: t.clerk.status[value] }))]}
          w={300}
        />
      </Group>
      <Grid gap="md">
        <Grid.Col span={{ base: 12, lg: 5 }}>
          <Paper withBorder p="md" component="section" aria-label={words.label}>
            <PagedTable
              query={inbox}
              empty={{ title: words.emptyTitle, hint: status ? words.emptyFiltered : words.emptyHint }}
              words={{ more: words.more, end: words.end }}
              striped={false}
              rowKey={(item) => item.appealId}
              rowProps={(item) => ({
                'data-appeal-id': item.appealId,
                'data-new': isNew(item) ? 'true' : undefined,
                bg: isCurrent(item) ? 'blue.0' : isNew(item) ? 'yellow.0' : undefined,
              })}
              columns={[
                {
                  header: words.number,
                  cell: (item) => (
                    <Group gap={6} wrap="nowrap">
                      <AppLink to={`/clerk/appeals/${item.appealId}`} size="sm" fw={600} aria-current={isCurrent(item) ? 'page' : undefined} style={{ whiteSpace: 'nowrap' }}>{item.registrationNumber}</AppLink>
                      {isNew(item) && <Tag size="sm" color="yellow.4" c="dark.9">{words.newBadge}</Tag>}
                    </Group>
                  ),
                },
                { header: words.forwardedAt, cell: (item) => <Text size="sm">{formatDateTime(item.forwardedAt)}</Text> },
                {
                  header: words.status,
                  cell: (item) => (
                    <>
                      <Text size="sm" data-status={item.status}>{t.clerk.status[item.status as InboxStatus] ?? item.statusLabel}</Text>
                      {item.overdue && <Text size="sm" c="red.9" fw={600}>{words.overdue}</Text>}
                    </>
                  ),
                },
              ]}
            />
          </Paper>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 7 }}>
          {selected ? <ClerkAppeal appealId={selected} /> : (
            <Paper withBorder p="md"><Text size="sm" c="dimmed">{t.clerk.choose}</Text></Paper>
          )}
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
