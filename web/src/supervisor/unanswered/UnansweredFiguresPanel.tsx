// H3 on the console: a Kyiv day's calls (today unless another day is chosen): how many came, were
// answered, were abandoned or missed, how long the unanswered waited, and how many of those were
// called back within the hour.
import { Group, Paper, SimpleGrid, Text, TextInput, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { get } from '../../api.ts';
import { AppLink } from '../../shared/AppLink.tsx';
import { ListStates } from '../../shared/lists.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { kyivDate, kyivDayBounds } from '../../../../src/standard/greeting.ts';
import type { UnansweredFigures } from './data.ts';

export function UnansweredFiguresPanel({ listLink }: { listLink: boolean }) {
  const { t } = useI18n();
  const words = t.supervisor.unanswered.figures;
  const today = kyivDate(new Date());
  const [day, setDay] = useState(today);
  // The server takes a day's start with its offset and counts to the end of that Kyiv day.
  const chosen = /^\d{4}-\d{2}-\d{2}$/.test(day) && day !== today ? day : null;
  const figures = useQuery({
    queryKey: ['unanswered-figures', chosen],
    queryFn: ({ signal }) => get<UnansweredFigures>(`/calls/unanswered/figures${chosen ? `?from=${encodeURIComponent(kyivDayBounds(new Date(`${chosen}T12:00:00Z`)).start.toISOString())}` : ''}`, signal),
    refetchInterval: 60_000,
  });
  const data = figures.data;
  const seconds = (value: number | null) => (value === null ? words.none : t.common.duration(value));
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="unanswered-figures-title">
      <Group justify="space-between" align="flex-end" mb="xs" wrap="wrap">
        <Title order={2} size="h4" id="unanswered-figures-title">{chosen ? words.titleFor(chosen) : words.title}</Title>
        <TextInput type="date" label={words.day} value={day} max={today} onChange={(event) => setDay(event.currentTarget.value)} w={170} size="xs" />
      </Group>
      <ListStates query={figures} rows={data ? [data] : []}>
        {data && (
          <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="xs" verticalSpacing="xs" component="dl" m={0} data-unanswered-figures>
            <Figure label={words.offered} name="offered">{data.offered}</Figure>
            <Figure label={words.answered} name="answered">{data.answered}</Figure>
            <Figure label={words.abandoned} name="abandoned">{data.abandoned}</Figure>
            <Figure label={words.missed} name="missed">{data.missed}</Figure>
            <Figure label={words.averageWait} name="average-wait">{seconds(data.averageWaitSeconds)}</Figure>
            <Figure label={words.longestWait} name="longest-wait">{seconds(data.longestWaitSeconds)}</Figure>
            <Figure label={words.calledBack} name="called-back">{words.calledBackOf(data.calledBackWithinHour, data.abandoned + data.missed)}</Figure>
          </SimpleGrid>
        )}
      </ListStates>
      <Text size="xs" c="dimmed" mt="xs">{words.explain}</Text>
      {listLink && <AppLink to="/supervisor/unanswered" size="sm">{words.open}</AppLink>}
    </Paper>
  );
}

function Figure({ label, name, children }: { label: string; name: string; children: ReactNode }) {
  return (
    <div data-figure={name}>
      <Text component="dt" size="xs" c="dimmed">{label}</Text>
      <Text component="dd" m={0} fw={700} size="lg">{children}</Text>
    </div>
  );
}
