// Every rating in the period, newest first, each with a link to the call it rates; more on request.
import { Button, Group, Paper, Table, Text, Title } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useId } from 'react';
import { get } from '../../api.ts';
import { ErrorState, Loading } from '../../app/states.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { AppLink } from '../AppLink.tsx';
import type { Page } from '../types.ts';
import { periodQuery, type Period } from './period.ts';
import type { RatingView } from './types.ts';

const PAGE = 30;

export function RatingsList({ period, operatorId }: { period: Period; operatorId: string }) {
  const { t, formatDateTime } = useI18n();
  const words = t.supervisor.ratings;
  const headingId = useId();
  const ratings = useInfiniteQuery({
    queryKey: ['survey', 'ratings', period.from ?? '', period.to ?? '', operatorId],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) => {
      const query = periodQuery(period);
      query.set('limit', String(PAGE));
      if (operatorId) query.set('operatorId', operatorId);
      if (pageParam) query.set('cursor', pageParam);
      return get<Page<RatingView>>(`/survey/ratings?${query.toString()}`, signal);
    },
    getNextPageParam: (last) => last.nextCursor,
    refetchInterval: 60_000,
  });
  const items = ratings.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <Paper withBorder p="md" component="section" aria-labelledby={headingId}>
      <Title order={2} size="h4" id={headingId} mb="xs">{words.listHeading}</Title>
      {ratings.isPending ? <Loading /> : ratings.isError ? (
        <ErrorState title={words.loadError} error={ratings.error} onRetry={() => void ratings.refetch()} />
      ) : (
        <>
          <Table.ScrollContainer minWidth={760}>
            <Table verticalSpacing={6} striped highlightOnHover aria-labelledby={headingId}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{words.recordedAt}</Table.Th>
                  <Table.Th>{words.operator}</Table.Th>
                  <Table.Th>{words.score}</Table.Th>
                  <Table.Th>{words.channel}</Table.Th>
                  <Table.Th>{words.comment}</Table.Th>
                  <Table.Th>{words.call}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((rating) => {
                  const time = formatDateTime(rating.recordedAt);
                  return (
                    <Table.Tr key={rating.id} data-rating-id={rating.id} data-call-id={rating.callId}>
                      <Table.Td><Text size="sm">{time}</Text></Table.Td>
                      <Table.Td><Text size="sm">{words.operatorName(rating.operatorNumber, rating.operatorName)}</Text></Table.Td>
                      <Table.Td>
                        {rating.score === null
                          ? <Text size="sm" c="dimmed">{words.noScore}</Text>
                          : <Text size="sm" fw={700}>{words.scoreValue(rating.score)}</Text>}
                      </Table.Td>
                      <Table.Td><Text size="sm">{words.channels[rating.channel] ?? rating.channel}</Text></Table.Td>
                      <Table.Td><Text size="sm" style={{ overflowWrap: 'anywhere' }}>{rating.comment ?? '—'}</Text></Table.Td>
                      <Table.Td>
                        <AppLink to={`/supervisor/calls/${rating.callId}`} size="sm" aria-label={words.openCallOf(time)}>{words.openCall}</AppLink>
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <Group justify="space-between" mt="sm">
            <Text size="sm" c="dimmed">{words.shown(items.length)}</Text>
            {ratings.hasNextPage
              ? <Button variant="default" size="sm" onClick={() => void ratings.fetchNextPage()} loading={ratings.isFetchingNextPage}>{words.more}</Button>
              : <Text size="sm" c="dimmed">{words.end}</Text>}
          </Group>
        </>
      )}
    </Paper>
  );
}
