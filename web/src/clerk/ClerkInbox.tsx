// The court clerk's inbox: appeals forwarded to their own judicial body, newest first, new ones
// arriving live; the chosen appeal opens beside the list.
import { Anchor, Button, Grid, Group, NativeSelect, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useState, useSyncExternalStore } from 'react';
import { get } from '../api.ts';
import { useLiveMessages } from '../app/live.tsx';
import { navigate } from '../app/router.ts';
import { Empty, ErrorState, Loading } from '../app/states.tsx';
import { useI18n } from '../i18n/index.tsx';
import { AppLink } from '../supervisor/AppLink.tsx';
import { Tag } from '../supervisor/Tag.tsx';
import type { ForwardingView, Page } from '../supervisor/types.ts';
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
  const inbox = useInfiniteQuery({
    queryKey: ['clerk-inbox', 'list', status],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) => {
      const query = new URLSearchParams({ limit: '30' });
      if (status) query.set('status', status);
      if (pageParam) query.set('cursor', pageParam);
      return get<Page<ForwardingView>>(`/clerk/inbox?${query.toString()}`, signal);
    },
    getNextPageParam: (last) => last.nextCursor,
  });
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
  const items = inbox.data?.pages.flatMap((page) => page.items) ?? [];
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
            {inbox.isPending ? <Loading /> : inbox.isError ? (
              <ErrorState error={inbox.error} onRetry={() => void inbox.refetch()} />
            ) : items.length === 0 ? (
              <Empty title={words.emptyTitle} hint={status ? words.emptyFiltered : words.emptyHint} />
            ) : (
              <>
                <Table verticalSpacing={6} highlightOnHover>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{words.number}</Table.Th>
                      <Table.Th>{words.forwardedAt}</Table.Th>
                      <Table.Th>{words.status}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {items.map((item) => {
                      const isNew = fresh.has(item.appealId) && item.status === 'forwarded';
                      const current = item.appealId === selected;
                      return (
                        <Table.Tr key={item.appealId} data-appeal-id={item.appealId} data-new={isNew ? 'true' : undefined} bg={current ? 'blue.0' : isNew ? 'yellow.0' : undefined}>
                          <Table.Td>
                            <Group gap={6} wrap="nowrap">
                              <AppLink to={`/clerk/appeals/${item.appealId}`} size="sm" fw={600} aria-current={current ? 'page' : undefined} style={{ whiteSpace: 'nowrap' }}>{item.registrationNumber}</AppLink>
                              {isNew && <Tag size="sm" color="yellow.4" c="dark.9">{words.newBadge}</Tag>}
                            </Group>
                          </Table.Td>
                          <Table.Td><Text size="sm">{formatDateTime(item.forwardedAt)}</Text></Table.Td>
                          <Table.Td>
                            <Text size="sm" data-status={item.status}>{t.clerk.status[item.status as InboxStatus] ?? item.statusLabel}</Text>
                            {item.overdue && <Text size="sm" c="red.9" fw={600}>{words.overdue}</Text>}
                          </Table.Td>
                        </Table.Tr>
                      );
                    })}
                  </Table.Tbody>
                </Table>
                <Group justify="flex-end" mt="sm">
                  {inbox.hasNextPage
                    ? <Button variant="default" size="sm" onClick={() => void inbox.fetchNextPage()} loading={inbox.isFetchingNextPage}>{words.more}</Button>
                    : <Text size="sm" c="dimmed">{words.end}</Text>}
                </Group>
              </>
            )}
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
