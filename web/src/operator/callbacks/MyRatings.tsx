// Q1 for the operator: their own ratings from callers over the last 30 days, in one small box.
import { Paper, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useId, useMemo, useState } from 'react';
import { get } from '../../api.ts';
import { useI18n } from '../../i18n/index.tsx';
import { combine, percent, type RatingSummary } from '../../shared/ratings.ts';

const DAYS = 30;

export function MyRatings() {
  const { t, language } = useI18n();
  const words = t.operator.callbacks.ratings;
  const headingId = useId();
  const [from] = useState(() => new Date(Date.now() - DAYS * 86_400_000).toISOString());
  // The server keeps an operator to their own ratings: no operator is named here.
  const summary = useQuery({
    queryKey: ['survey', 'summary', 'mine', from],
    queryFn: ({ signal }) => get<{ operators: RatingSummary[] }>(`/survey/summary?from=${encodeURIComponent(from)}`, signal),
    select: (answer) => combine(answer.operators),
    staleTime: 5 * 60_000,
  });
  const number = useMemo(() => new Intl.NumberFormat(language === 'uk' ? 'uk-UA' : 'en-GB', { maximumFractionDigits: 2 }), [language]);
  const data = summary.data;

  return (
    <Paper withBorder p="xs" radius="md" component="section" aria-labelledby={headingId} maw={380} data-testid="my-ratings">
      <Stack gap={2}>
        <Title order={2} size="h6" id={headingId}>{words.heading}</Title>
        <Text size="xs" c="dimmed">{words.period}</Text>
        {summary.isPending ? (
          <Text size="sm">{t.common.loading}</Text>
        ) : summary.isError || !data ? (
          <Text size="sm">{words.loadError}</Text>
        ) : data.rated + data.noAnswer === 0 ? (
          <Text size="sm">{words.none}</Text>
        ) : (
          <>
            {data.average !== null && <Text size="sm" fw={700}>{words.average(number.format(data.average))}</Text>}
            <Text size="sm">
              {words.rated(data.rated)} · {words.noAnswer(data.noAnswer, percent(data.noAnswer, data.rated + data.noAnswer))}
            </Text>
          </>
        )}
      </Stack>
    </Paper>
  );
}
