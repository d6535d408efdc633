// The register of all appeals and the list of all calls: filter by status, newest first, more
// pages on request («Більше»). Both follow live events.
import { Button, Group, NativeSelect, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { get } from '../api.ts';
import { Empty, ErrorState, Loading } from '../app/states.tsx';
import { useI18n } from '../i18n/index.tsx';
import { AppLink } from './AppLink.tsx';
import { AppealStatusBadge } from './AppealStatusBadge.tsx';
import { SupervisorAlerts, useArrivedAppeals } from './live.tsx';
import type { AppealStatus, AppealView, CallStatus, CallSummary, Page } from './types.ts';

const APPEAL_STATUSES: AppealStatus[] = ['registered', 'forwarded', 'acknowledged', 'answered', 'resolved'];
const CALL_STATUSES: CallStatus[] = ['ringing', 'active', 'ended'];
const PAGE = 30;

function usePaged<T>(key: string, path: string, status: string) {
  return useInfiniteQuery({
    queryKey: [key, 'register', status],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) => {
      const query = new URLSearchParams({ limit: String(PAGE) });
      if (status) query.set('status', status);
      if (pageParam) query.set('cursor', pageParam);
      return get<Page<T>>(`${path}?${query.toString()}`, signal);
    },
    getNextPageParam: (last) => last.nextCursor,
  });
}

function RegisterFrame({ title, filter, children }: { title: string; filter: ReactNode; children: ReactNode }) {
  return (
    <Stack gap="md">
      <SupervisorAlerts />
      <Group justify="space-between" align="flex-end">
        <Title order={1} size="h3">{title}</Title>
        {filter}
      </Group>
      <Paper withBorder p="md">{children}</Paper>
    </Stack>
  );
}

function More({ query, shown }: { query: { hasNextPage: boolean; isFetchingNextPage: boolean; fetchNextPage: () => unknown }; shown: number }) {
  const { t } = useI18n();
  return (
    <Group justify="space-between" mt="sm">
      <Text size="sm" c="dimmed">{t.supervisor.lists.shown(shown)}</Text>
      {query.hasNextPage
        ? <Button variant="default" size="sm" onClick={() => void query.fetchNextPage()} loading={query.isFetchingNextPage}>{t.supervisor.lists.more}</Button>
        : <Text size="sm" c="dimmed">{t.supervisor.lists.end}</Text>}
    </Group>
  );
}

export function AppealsRegister() {
  const { t, formatDateTime } = useI18n();
  const [status, setStatus] = useState('');
  const appeals = usePaged<AppealView>('appeals', '/appeals', status);
  const arrived = useArrivedAppeals();
  const words = t.supervisor.lists;
  const items = appeals.data?.pages.flatMap((page) => page.items) ?? [];
  const filter = (
    <NativeSelect
      label={words.status}
      value={status}
      onChange={(event) => setStatus(event.currentTarget.value)}
      data={[{ value: '', label: words.all }, ...APPEAL_STATUSES.map((value) => ({ value, label: t.supervisor.appealStatus[value] }))]}
      w={300}
    />
  );
  return (
    <RegisterFrame title={words.appealsTitle} filter={filter}>
      {appeals.isPending ? <Loading /> : appeals.isError ? (
        <ErrorState error={appeals.error} onRetry={() => void appeals.refetch()} />
      ) : items.length === 0 ? (
        <Empty title={words.appealsEmpty} hint={words.appealsEmptyHint} />
      ) : (
        <>
          <Table.ScrollContainer minWidth={720}>
            <Table verticalSpacing={6} striped highlightOnHover>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t.supervisor.appeals.number}</Table.Th>
                  <Table.Th>{t.supervisor.appeals.registeredAt}</Table.Th>
                  <Table.Th>{t.supervisor.appeals.kind}</Table.Th>
                  <Table.Th>{t.supervisor.appeal.applicant}</Table.Th>
                  <Table.Th>{t.supervisor.appeals.status}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((appeal) => (
                  <Table.Tr key={appeal.id} data-appeal-id={appeal.id} bg={arrived.has(appeal.id) ? 'yellow.0' : undefined}>
                    <Table.Td><AppLink to={`/supervisor/appeals/${appeal.id}`} size="sm" fw={600}>{appeal.registrationNumber}</AppLink></Table.Td>
                    <Table.Td><Text size="sm">{formatDateTime(appeal.registeredAt)}</Text></Table.Td>
                    <Table.Td><Text size="sm">{t.supervisor.appealKind[appeal.kind]}</Text></Table.Td>
                    <Table.Td><Text size="sm">{`${appeal.applicant.surname} ${appeal.applicant.givenName} ${appeal.applicant.patronymic}`}</Text></Table.Td>
                    <Table.Td><AppealStatusBadge status={appeal.status} /></Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <More query={appeals} shown={items.length} />
        </>
      )}
    </RegisterFrame>
  );
}

export function CallsRegister() {
  const { t, formatDateTime } = useI18n();
  const [status, setStatus] = useState('');
  const calls = usePaged<CallSummary>('calls', '/calls', status);
  const words = t.supervisor.lists;
  const items = calls.data?.pages.flatMap((page) => page.items) ?? [];
  const filter = (
    <NativeSelect
      label={words.status}
      value={status}
      onChange={(event) => setStatus(event.currentTarget.value)}
      data={[{ value: '', label: words.all }, ...CALL_STATUSES.map((value) => ({ value, label: t.supervisor.callStatus[value] }))]}
      w={240}
    />
  );
  return (
    <RegisterFrame title={words.callsTitle} filter={filter}>
      {calls.isPending ? <Loading /> : calls.isError ? (
        <ErrorState error={calls.error} onRetry={() => void calls.refetch()} />
      ) : items.length === 0 ? (
        <Empty title={words.callsEmpty} hint={words.callsEmptyHint} />
      ) : (
        <>
          <Table.ScrollContainer minWidth={760}>
            <Table verticalSpacing={6} striped highlightOnHover>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{words.openedAt}</Table.Th>
                  <Table.Th>{words.operator}</Table.Th>
                  <Table.Th>{words.caller}</Table.Th>
                  <Table.Th>{t.supervisor.calls.state}</Table.Th>
                  <Table.Th>{words.endReason}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((call) => (
                  <Table.Tr key={call.id} data-call-id={call.id}>
                    <Table.Td><AppLink to={`/supervisor/calls/${call.id}`} size="sm" fw={600}>{formatDateTime(call.openedAt)}</AppLink></Table.Td>
                    <Table.Td><Text size="sm">{t.supervisor.call.operatorName(call.operator.operatorNumber, call.operator.fullName)}</Text></Table.Td>
                    <Table.Td><Text size="sm">{call.callerPhone ?? t.supervisor.call.noPhone}</Text></Table.Td>
                    <Table.Td><Text size="sm">{t.supervisor.callStatus[call.status]}</Text></Table.Td>
                    <Table.Td><Text size="sm">{call.endReason ? t.supervisor.endReason[call.endReason] : '—'}</Text></Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <More query={calls} shown={items.length} />
        </>
      )}
    </RegisterFrame>
  );
}
