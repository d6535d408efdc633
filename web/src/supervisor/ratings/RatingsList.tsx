// Every rating in the period, newest first, each with a link to the call it rates; more on request.
import { Paper, Text, Title } from '@mantine/core';
import { useId } from 'react';
import { useI18n } from '../../i18n/index.tsx';
import { AppLink } from '../../shared/AppLink.tsx';
import { PagedTable, usePagedList } from '../../shared/lists.tsx';
import { periodQuery, type Period } from './period.ts';
import type { RatingView } from '../../shared/ratings.ts';

const PAGE = 30;

export function RatingsList({ period, operatorId }: { period: Period; operatorId: string }) {
  const { t, formatDateTime } = useI18n();
  const words = t.supervisor.ratings;
  const headingId = useId();
  const ratings = usePagedList<RatingView>({
    queryKey: ['survey', 'ratings', period.from ?? '', period.to ?? '', operatorId],
    path: '/survey/ratings',
    query: { ...Object.fromEntries(periodQuery(period)), limit: String(PAGE), operatorId },
    refetchInterval: 60_000,
  });

  return (
    <Paper withBorder p="md" component="section" aria-labelledby={headingId}>
      <Title order={2} size="h4" id={headingId} mb="xs">{words.listHeading}</Title>
      {/* No empty state: the headings of an empty table say what a rating would show. */}
      <PagedTable
        query={ratings}
        errorTitle={words.loadError}
        words={{ more: words.more, shown: words.shown, end: words.end }}
        minWidth={760}
        labelledBy={headingId}
        rowKey={(rating) => rating.id}
        rowProps={(rating) => ({ 'data-rating-id': rating.id, 'data-call-id': rating.callId })}
        columns={[
          { header: words.recordedAt, cell: (rating) => <Text size="sm">{formatDateTime(rating.recordedAt)}</Text> },
          { header: words.operator, cell: (rating) => <Text size="sm">{words.operatorName(rating.operatorNumber, rating.operatorName)}</Text> },
          {
            header: words.score,
            cell: (rating) => (rating.score === null
              ? <Text size="sm" c="dimmed">{words.noScore}</Text>
              : <Text size="sm" fw={700}>{words.scoreValue(rating.score)}</Text>),
          },
          { header: words.channel, cell: (rating) => <Text size="sm">{words.channels[rating.channel] ?? rating.channel}</Text> },
          { header: words.comment, cell: (rating) => <Text size="sm" style={{ overflowWrap: 'anywhere' }}>{rating.comment ?? '—'}</Text> },
          {
            header: words.call,
            cell: (rating) => (
              <AppLink to={`/supervisor/calls/${rating.callId}`} size="sm" aria-label={words.openCallOf(formatDateTime(rating.recordedAt))}>{words.openCall}</AppLink>
            ),
          },
        ]}
      />
    </Paper>
  );
}
