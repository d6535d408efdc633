// One forwarded appeal as the court sees it: the card, the covering letter, the Law's time limits,
// acknowledging receipt and recording the answer given to the citizen.
import { Alert, Anchor, Button, Group, Paper, Stack, Text, Textarea, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { ApiError, get, post } from '../api.ts';
import { Empty, ErrorState, Loading, errorText } from '../app/states.tsx';
import { useI18n } from '../i18n/index.tsx';
import { AppealFacts } from '../shared/AppealFacts.tsx';
import { AppLink } from '../shared/AppLink.tsx';
import { useFormats } from '../shared/format.ts';
import type { AppealView } from '../../../src/appeals/view.ts';
import type { ForwardingView } from '../../../src/forwarding/view.ts';

interface InboxAppeal {
  appeal: AppealView;
  forwarding: ForwardingView;
}

export function ClerkAppeal({ appealId }: { appealId: string }) {
  const { t, formatDateTime } = useI18n();
  const { calendarDay } = useFormats();
  const detail = useQuery({
    queryKey: ['clerk-inbox', 'appeal', appealId],
    queryFn: ({ signal }) => get<InboxAppeal>(`/clerk/inbox/${encodeURIComponent(appealId)}`, signal),
  });
  const words = t.clerk.appeal;
  if (detail.isPending) return <Paper withBorder p="md"><Loading /></Paper>;
  if (detail.isError) {
    const missing = detail.error instanceof ApiError && (detail.error.status === 404 || detail.error.status === 400);
    return (
      <Paper withBorder p="md">
        {missing
          ? <Empty title={t.clerk.notFound} hint={t.clerk.notFoundHint} action={<AppLink to="/clerk">{t.clerk.back}</AppLink>} />
          : <ErrorState error={detail.error} onRetry={() => void detail.refetch()} />}
      </Paper>
    );
  }
  const { appeal, forwarding } = detail.data;
  const limits = t.clerk.deadlines;
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="clerk-appeal-title">
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start">
          <Title order={2} size="h4" id="clerk-appeal-title">{words.title(forwarding.registrationNumber)}</Title>
          <Text size="sm" fw={600} data-status={forwarding.status}>{t.clerk.status[forwarding.status as 'forwarded'] ?? forwarding.statusLabel}</Text>
        </Group>
        {forwarding.overdue && <Alert color="red" role="alert">{words.overdue}</Alert>}
        <Anchor href={forwarding.letterUrl} target="_blank" rel="noopener" size="sm" fw={600}>
          {words.letter} <Text span size="sm" c="dimmed" fw={400}>({words.letterHint})</Text>
        </Anchor>
        <AppealFacts
          appeal={appeal}
          labels={words}
          more={[
            [words.forwardedAt, formatDateTime(forwarding.forwardedAt)],
            [words.acknowledgedAt, forwarding.acknowledgedAt ? formatDateTime(forwarding.acknowledgedAt) : '—'],
          ]}
        >
          <div>
            <Text size="xs" c="dimmed">{words.reason}</Text>
            <Text size="sm">{forwarding.reason}</Text>
          </div>
        </AppealFacts>
        <div>
          <Title order={3} size="h6">{limits.title}</Title>
          <Text size="sm" c="dimmed">{limits.countedFrom[forwarding.consideration.countedFrom]}</Text>
          <Text size="sm">{limits.withoutStudy}: {calendarDay(forwarding.consideration.withoutStudy)}</Text>
          <Text size="sm">{limits.oneMonth}: {calendarDay(forwarding.consideration.oneMonth)}</Text>
          <Text size="sm">{limits.extended}: {calendarDay(forwarding.consideration.extendedDeadline)}</Text>
        </div>
        {forwarding.status === 'forwarded' && <Acknowledge appealId={appealId} />}
        {forwarding.status === 'acknowledged' && <Answer appealId={appealId} />}
        {forwarding.status === 'answered' && (
          <div>
            <Title order={3} size="h6">{words.answeredAt}: {forwarding.answeredAt ? formatDateTime(forwarding.answeredAt) : '—'}</Title>
            <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>{forwarding.answerSummary}</Text>
          </div>
        )}
      </Stack>
    </Paper>
  );
}

function useRefreshInbox() {
  const queryClient = useQueryClient();
  return () => void queryClient.invalidateQueries({ queryKey: ['clerk-inbox'] });
}

function Acknowledge({ appealId }: { appealId: string }) {
  const { t } = useI18n();
  const refresh = useRefreshInbox();
  const words = t.clerk.acknowledge;
  const acknowledge = useMutation({
    mutationFn: () => post<ForwardingView>(`/clerk/inbox/${appealId}/acknowledge`, {}),
    onSuccess: () => {
      notifications.show({ color: 'green', message: words.done, closeButtonProps: { 'aria-label': t.common.close } });
      refresh();
    },
    // Someone at the court acknowledged it a moment earlier: show how it stands now.
    onError: refresh,
  });
  return (
    <Paper withBorder p="sm" bg="blue.0">
      <Stack gap="xs">
        <Title order={3} size="h6">{words.title}</Title>
        <Text size="sm">{words.hint}</Text>
        {acknowledge.error && <Alert color="red" role="alert">{errorText(acknowledge.error)}</Alert>}
        <Group>
          <Button onClick={() => acknowledge.mutate()} loading={acknowledge.isPending}>{words.submit}</Button>
        </Group>
      </Stack>
    </Paper>
  );
}

function Answer({ appealId }: { appealId: string }) {
  const { t } = useI18n();
  const refresh = useRefreshInbox();
  const words = t.clerk.answer;
  const [summary, setSummary] = useState('');
  const [touched, setTouched] = useState(false);
  const answer = useMutation({
    mutationFn: () => post<ForwardingView>(`/clerk/inbox/${appealId}/answer`, { summary: summary.trim() }),
    onSuccess: () => {
      notifications.show({ color: 'green', message: words.done, closeButtonProps: { 'aria-label': t.common.close } });
      refresh();
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (summary.trim()) answer.mutate();
  };
  const serverField = answer.error instanceof ApiError ? answer.error.fieldMessage('summary') : undefined;
  const fieldError = touched && !summary.trim() ? words.required : serverField;
  return (
    <Paper withBorder p="sm">
      <form onSubmit={submit} noValidate>
        <Stack gap="xs">
          <Title order={3} size="h6">{words.title}</Title>
          <Text size="sm" c="dimmed">{words.hint}</Text>
          {answer.error && !serverField && <Alert color="red" role="alert">{errorText(answer.error)} {t.common.savedFormKept}</Alert>}
          <Textarea
            label={words.label}
            required
            value={summary}
            onChange={(event) => setSummary(event.currentTarget.value)}
            error={fieldError}
            autosize
            minRows={3}
            maxLength={5000}
            // Mantine's error red is a shade too light for small text on white (WCAG AA).
            styles={{ error: { color: 'var(--mantine-color-red-9)' } }}
          />
          <Group>
            <Button type="submit" loading={answer.isPending}>{words.submit}</Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
