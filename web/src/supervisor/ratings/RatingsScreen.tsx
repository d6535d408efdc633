// Q1 for management: what callers think of the calls. A summary (average, how many rated, how the
// ratings spread, how many surveys went unanswered) overall and per operator, then every rating with
// a link to its call; filtered by operator and period.
import { Group, NativeSelect, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { get } from '../../api.ts';
import { Empty, ErrorState, Loading } from '../../app/states.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { SupervisorAlerts } from '../live.tsx';
import { periodOf, periodQuery, PRESETS, type Period, type Preset } from './period.ts';
import { RatingsList } from './RatingsList.tsx';
import { RatingsSummary } from './RatingsSummary.tsx';
import type { RatingSummary } from '../../shared/ratings.ts';

export function RatingsScreen() {
  const { t } = useI18n();
  const words = t.supervisor.ratings;
  const [operatorId, setOperatorId] = useState('');
  const [preset, setPreset] = useState<Preset>('month');
  const [fromDate, setFromDate] = useState('');
  const [toDate, setToDate] = useState('');
  // Fixed when the choice is made, so «the last 7 days» does not move with every render.
  const period = useMemo(() => periodOf(preset, new Date(), fromDate, toDate), [preset, fromDate, toDate]);
  const valid = period.error === undefined;
  const range: Period = { ...(period.from ? { from: period.from } : {}), ...(period.to ? { to: period.to } : {}) };

  // Every operator's summary for the period: the choice of operators comes from it too.
  const summary = useQuery({
    queryKey: ['survey', 'summary', range.from ?? '', range.to ?? ''],
    queryFn: ({ signal }) => get<{ operators: RatingSummary[] }>(`/survey/summary?${periodQuery(range).toString()}`, signal),
    enabled: valid,
    refetchInterval: 60_000,
  });
  const operators = summary.data?.operators ?? [];
  const shown = operatorId ? operators.filter((row) => row.operatorId === operatorId) : operators;
  const total = shown.reduce((sum, row) => sum + row.rated + row.noAnswer, 0);
  const narrowed = operatorId !== '' || preset !== 'all';
  // A chosen operator stays in the choice even in a period where they have no ratings.
  const [remembered, setRemembered] = useState<Record<string, string>>({});
  const options = new Map(Object.entries(remembered));
  for (const row of operators) options.set(row.operatorId, words.operatorName(row.operatorNumber, row.operatorName));

  return (
    <Stack gap="md">
      <SupervisorAlerts />
      <div>
        <Title order={1} size="h3">{words.title}</Title>
        <Text size="sm" c="dimmed" maw={900}>{words.intro}</Text>
      </div>
      <Group gap="sm" align="flex-start" wrap="wrap">
        <NativeSelect
          label={words.operator}
          value={operatorId}
          onChange={(event) => {
            const id = event.currentTarget.value;
            setOperatorId(id);
            const label = options.get(id);
            if (id && label) setRemembered((before) => ({ ...before, [id]: label }));
          }}
          data={[{ value: '', label: words.allOperators }, ...[...options].map(([value, label]) => ({ value, label }))]}
          w={320}
        />
        <NativeSelect
          label={words.period}
          value={preset}
          onChange={(event) => setPreset(event.currentTarget.value as Preset)}
          data={PRESETS.map((value) => ({ value, label: words.periods[value] }))}
          w={220}
        />
        {preset === 'custom' && (
          <>
            <TextInput type="date" label={words.from} value={fromDate} onChange={(event) => setFromDate(event.currentTarget.value)} w={180} />
            <TextInput
              type="date"
              label={words.to}
              value={toDate}
              onChange={(event) => setToDate(event.currentTarget.value)}
              error={period.error === 'range' ? words.badRange : undefined}
              w={200}
            />
          </>
        )}
      </Group>

      {!valid ? null : summary.isPending ? (
        <Paper withBorder p="md"><Loading /></Paper>
      ) : summary.isError ? (
        <ErrorState title={words.loadError} error={summary.error} onRetry={() => void summary.refetch()} />
      ) : total === 0 ? (
        <Paper withBorder p="md" data-testid="ratings-empty">
          <Empty
            title={narrowed ? words.emptyFilteredTitle : words.emptyTitle}
            hint={narrowed ? `${words.emptyFilteredHint} ${words.emptyHint}` : words.emptyHint}
          />
        </Paper>
      ) : (
        <>
          <RatingsSummary rows={shown} single={operatorId !== ''} />
          <RatingsList period={range} operatorId={operatorId} />
        </>
      )}
    </Stack>
  );
}
