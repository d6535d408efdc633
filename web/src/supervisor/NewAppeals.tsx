// A2: management sees every new appeal the moment it is registered; those that arrived while the
// console was open are highlighted, and their status follows the forwarding and the court's answer.
import { Group, Paper, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { get } from '../api.ts';
import { Empty, ErrorState, Loading } from '../app/states.tsx';
import { useI18n } from '../i18n/index.tsx';
import { AppLink } from './AppLink.tsx';
import { AppealStatusBadge } from './AppealStatusBadge.tsx';
import { useArrivedAppeals } from './live.tsx';
import { Tag } from './Tag.tsx';
import type { AppealView, Page } from './types.ts';

export function NewAppeals() {
  const { t, formatDateTime } = useI18n();
  const arrived = useArrivedAppeals();
  const appeals = useQuery({
    queryKey: ['appeals', 'latest'],
    queryFn: ({ signal }) => get<Page<AppealView>>('/appeals?limit=15', signal),
  });
  const words = t.supervisor.appeals;
  const items = appeals.data?.items ?? [];
  const arrivedCount = items.filter((appeal) => arrived.has(appeal.id)).length;
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="new-appeals-title">
      <Group justify="space-between" mb="xs" wrap="nowrap">
        <Title order={2} size="h4" id="new-appeals-title">{words.title}</Title>
        <AppLink to="/supervisor/appeals" size="sm">{words.all}</AppLink>
      </Group>
      {arrivedCount > 0 && <Text size="sm" mb="xs" role="status">{words.arrivedLive(arrivedCount)}</Text>}
      {appeals.isPending ? <Loading /> : appeals.isError ? (
        <ErrorState error={appeals.error} onRetry={() => void appeals.refetch()} />
      ) : items.length === 0 ? (
        <Empty title={words.emptyTitle} hint={words.emptyHint} />
      ) : (
        <Table.ScrollContainer minWidth={520}>
          <Table verticalSpacing={6}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{words.number}</Table.Th>
                <Table.Th>{words.registeredAt}</Table.Th>
                <Table.Th>{words.kind}</Table.Th>
                <Table.Th>{words.status}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((appeal) => {
                const isNew = arrived.has(appeal.id);
                return (
                  <Table.Tr key={appeal.id} data-appeal-id={appeal.id} data-new={isNew ? 'true' : undefined} bg={isNew ? 'yellow.0' : undefined}>
                    <Table.Td>
                      <Group gap={6} wrap="nowrap">
                        <AppLink to={`/supervisor/appeals/${appeal.id}`} size="sm" fw={600}>{appeal.registrationNumber}</AppLink>
                        {isNew && <Tag size="sm" color="yellow.4" c="dark.9">{words.newBadge}</Tag>}
                      </Group>
                    </Table.Td>
                    <Table.Td><Text size="sm">{formatDateTime(appeal.registeredAt)}</Text></Table.Td>
                    <Table.Td><Text size="sm">{t.supervisor.appealKind[appeal.kind]}</Text></Table.Td>
                    <Table.Td><AppealStatusBadge status={appeal.status} /></Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Paper>
  );
}
