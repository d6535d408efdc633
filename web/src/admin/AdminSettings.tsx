// G2: when the morning, the day and the evening start (Kyiv time), with a preview of the greeting
// the operator says right now. The server checks the boundaries; its words are shown as given.
import { Button, Grid, Group, Paper, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { get, put } from '../api.ts';
import { ErrorState, Loading } from '../app/states.tsx';
import { useI18n } from '../i18n/index.tsx';
import {
  DEFAULT_GREETING_BOUNDARIES, greeting, kyivTimeOfDay, parseGreetingBoundaries, type GreetingBoundaries,
} from '../../../src/standard/greeting.ts';
import { keys, useServerErrors } from './data.ts';
import { Done, FormRefusal, PageHeader, StateBadge } from './parts.tsx';

type Field = keyof GreetingBoundaries;
const FIELDS: readonly Field[] = ['morningStartsAt', 'dayStartsAt', 'eveningStartsAt'];

export function AdminSettings() {
  const { t } = useI18n();
  const saved = useQuery({
    queryKey: keys.greeting,
    queryFn: ({ signal }) => get<GreetingBoundaries>('/settings/greeting-boundaries', signal),
  });
  return (
    <>
      <PageHeader title={t.common.nav.settings} />
      {saved.isPending ? (
        <Loading label={t.admin.settings.loading} />
      ) : saved.isError ? (
        <ErrorState error={saved.error} onRetry={() => void saved.refetch()} />
      ) : (
        <GreetingBoundariesForm saved={saved.data} />
      )}
    </>
  );
}

function GreetingBoundariesForm({ saved }: { saved: GreetingBoundaries }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<GreetingBoundaries>(saved);
  const [savedNote, setSavedNote] = useState(false);
  const errors = useServerErrors();
  const save = useMutation({
    mutationFn: () => put<GreetingBoundaries>('/settings/greeting-boundaries', {
      morningStartsAt: draft.morningStartsAt.trim(),
      dayStartsAt: draft.dayStartsAt.trim(),
      eveningStartsAt: draft.eveningStartsAt.trim(),
    }),
    onMutate: () => {
      errors.clear();
      setSavedNote(false);
    },
    onError: (error) => errors.fail(error),
    onSuccess: (boundaries) => {
      queryClient.setQueryData(keys.greeting, boundaries);
      setDraft(boundaries);
      setSavedNote(true);
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };
  const labels: Record<Field, string> = {
    morningStartsAt: t.admin.settings.morning,
    dayStartsAt: t.admin.settings.day,
    eveningStartsAt: t.admin.settings.evening,
  };
  const typed = parseGreetingBoundaries(draft);
  const changed = FIELDS.some((field) => draft[field] !== saved[field]);

  return (
    <Grid gap="md">
      <Grid.Col span={{ base: 12, lg: 7 }}>
        <Paper withBorder p="md" component="section" aria-labelledby="greeting-title">
          <Title order={2} size="h4" id="greeting-title">{t.admin.settings.greetingTitle}</Title>
          <Text size="sm" c="dimmed" mb="md">{t.admin.settings.greetingIntro}</Text>
          <form onSubmit={submit} noValidate>
            <Stack>
              <FormRefusal error={errors.error} title={t.admin.settings.refused} />
              <Group align="flex-start" grow>
                {FIELDS.map((field) => (
                  <TextInput
                    key={field}
                    label={labels[field]}
                    description={t.admin.settings.timeHint}
                    placeholder="05:00"
                    inputMode="numeric"
                    maxLength={5}
                    autoComplete="off"
                    value={draft[field]}
                    error={errors.error ? true : undefined}
                    onChange={(event) => {
                      setSavedNote(false);
                      setDraft({ ...draft, [field]: event.currentTarget.value });
                    }}
                  />
                ))}
              </Group>
              <Group>
                <Button type="submit" loading={save.isPending}>{t.admin.settings.save}</Button>
                <Button
                  variant="default"
                  onClick={() => {
                    setSavedNote(false);
                    setDraft(DEFAULT_GREETING_BOUNDARIES);
                  }}
                >
                  {t.admin.settings.defaults}
                </Button>
                <Done>{savedNote ? t.admin.settings.saved : ''}</Done>
              </Group>
            </Stack>
          </form>
        </Paper>
      </Grid.Col>
      <Grid.Col span={{ base: 12, lg: 5 }}>
        <GreetingPreview boundaries={typed.ok ? typed.boundaries : saved} source={typed.ok ? (changed ? 'typed' : 'saved') : 'invalid'} />
      </Grid.Col>
    </Grid>
  );
}

/** One minute before a 'HH:MM' boundary: where the previous part of the day ends. */
function minuteBefore(hhmm: string): string {
  const [hours, minutes] = hhmm.split(':').map(Number);
  const total = ((hours ?? 0) * 60 + (minutes ?? 0) + 24 * 60 - 1) % (24 * 60);
  return `${String(Math.floor(total / 60)).padStart(2, '0')}:${String(total % 60).padStart(2, '0')}`;
}

function useNow(everyMs: number): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}

function GreetingPreview({ boundaries, source }: { boundaries: GreetingBoundaries; source: 'typed' | 'saved' | 'invalid' }) {
  const { t } = useI18n();
  const now = useNow(15_000);
  const { hour, minute } = kyivTimeOfDay(now);
  const current = greeting(now, boundaries);
  const time = `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
  const ranges = [
    { period: 'morning', from: boundaries.morningStartsAt, to: minuteBefore(boundaries.dayStartsAt) },
    { period: 'day', from: boundaries.dayStartsAt, to: minuteBefore(boundaries.eveningStartsAt) },
    { period: 'evening', from: boundaries.eveningStartsAt, to: minuteBefore(boundaries.morningStartsAt) },
  ] as const;
  const sourceText = { typed: t.admin.settings.previewTyped, saved: t.admin.settings.previewSaved, invalid: t.admin.settings.previewInvalid }[source];
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="greeting-preview-title">
      <Title order={2} size="h4" id="greeting-preview-title" mb="xs">{t.admin.settings.previewTitle}</Title>
      <Stack gap="xs" aria-live="polite" data-greeting-preview>
        <Text size="sm">{t.admin.settings.previewNow(time)}</Text>
        <Text size="xl" fw={700} data-greeting-phrase>«{current.phrase}»</Text>
        <Text size="sm" c={source === 'invalid' ? 'red.9' : 'dimmed'}>{sourceText}</Text>
      </Stack>
      <Table mt="sm" verticalSpacing={4}>
        <Table.Caption>{t.admin.settings.rangesCaption}</Table.Caption>
        <Table.Tbody>
          {ranges.map((range) => (
            <Table.Tr key={range.period}>
              <Table.Th scope="row">{t.admin.settings.periods[range.period]}</Table.Th>
              <Table.Td>{t.admin.settings.range(range.from, range.to)}</Table.Td>
              <Table.Td>{range.period === current.period && <StateBadge tone="info">{current.phrase}</StateBadge>}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Paper>
  );
}
