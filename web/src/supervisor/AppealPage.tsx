// One appeal for management: the card A1 requires, its deadlines, its whole history (who did what
// and when), forwarding to a judicial body (A3) and, if the centre settled it, marking it resolved.
import { Alert, Button, Grid, Group, Paper, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { ApiError, get, post } from '../api.ts';
import { ForwardingPanel } from '../appeals/ForwardingPanel.tsx';
import { useMe } from '../app/session.ts';
import { Empty, ErrorState, Loading, errorText } from '../app/states.tsx';
import { useI18n } from '../i18n/index.tsx';
import { AppealFacts } from '../shared/AppealFacts.tsx';
import { AppLink } from '../shared/AppLink.tsx';
import { AppealStatusBadge } from './AppealStatusBadge.tsx';
import { useFormats } from '../shared/format.ts';
import { SupervisorAlerts } from './live.tsx';
import type { AppealStatus, AppealWithHistory, CallView, ForwardingView, HistoryEntry } from './types.ts';

const FORWARDED: readonly AppealStatus[] = ['forwarded', 'acknowledged', 'answered'];

export function AppealPage({ params }: { params: Record<string, string> }) {
  const { t } = useI18n();
  const { calendarDay } = useFormats();
  const id = params.id ?? '';
  const appeal = useQuery({
    queryKey: ['appeal', id],
    queryFn: ({ signal }) => get<AppealWithHistory>(`/appeals/${encodeURIComponent(id)}`, signal),
  });
  const forwardedStatus = appeal.data && FORWARDED.includes(appeal.data.status);
  const forwarding = useQuery({
    queryKey: ['appeal', id, 'forwarding'],
    queryFn: ({ signal }) => get<ForwardingView>(`/appeals/${encodeURIComponent(id)}/forwarding`, signal),
    enabled: Boolean(forwardedStatus),
  });
  const callId = appeal.data?.callId ?? null;
  const call = useQuery({
    queryKey: ['call', callId],
    queryFn: ({ signal }) => get<CallView>(`/calls/${callId}`, signal),
    enabled: callId !== null,
  });
  const words = t.supervisor.appeal;

  if (appeal.isPending) return <><SupervisorAlerts /><Loading /></>;
  if (appeal.isError) {
    const missing = appeal.error instanceof ApiError && (appeal.error.status === 404 || appeal.error.status === 400);
    return (
      <Stack>
        <SupervisorAlerts />
        <AppLink to="/supervisor/appeals">{words.back}</AppLink>
        {missing
          ? <Empty title={words.notFound} hint={words.notFoundHint} />
          : <ErrorState error={appeal.error} onRetry={() => void appeal.refetch()} />}
      </Stack>
    );
  }

  const view = appeal.data;
  const registrar = call.data?.operator && call.data.operator.id === view.registeredBy
    ? t.supervisor.call.operatorName(call.data.operator.operatorNumber, call.data.operator.fullName)
    : undefined;
  const deadlineIds = view.status === 'registered' ? ['forwardingSameDay', 'forwardingByLaw'] : [];

  return (
    <Stack gap="md">
      <SupervisorAlerts />
      <AppLink to="/supervisor/appeals" size="sm">{words.back}</AppLink>
      <Group gap="sm" align="center">
        <Title order={1} size="h3">{words.title(view.registrationNumber)}</Title>
        <AppealStatusBadge status={view.status} size="lg" />
      </Group>
      <Grid gap="md">
        <Grid.Col span={{ base: 12, lg: 6 }}>
          <Stack gap="md">
            <Paper withBorder p="md" component="section" aria-label={words.title(view.registrationNumber)}>
              <AppealFacts
                appeal={view}
                labels={words}
                more={[[words.registeredBy, registrar ?? words.byRegistrar], [words.lookupCode, view.lookupCode]]}
              />
              {view.callId && (
                <Text size="sm" mt="sm">
                  <AppLink to={`/supervisor/calls/${view.callId}`}>{words.openCall}</AppLink>
                </Text>
              )}
              {deadlineIds.length > 0 && (
                <>
                  <Text size="xs" c="dimmed" mt="sm">{words.deadlines}</Text>
                  {deadlineIds.map((deadline) => (
                    <Text size="sm" key={deadline}>{words.deadline[deadline]}: {view.dueDates[deadline] ? calendarDay(view.dueDates[deadline]) : '—'}</Text>
                  ))}
                </>
              )}
            </Paper>
            <History appeal={view} registrar={registrar} forwarding={forwarding.data} />
            {view.status === 'registered' && <ResolveForm appealId={view.id} />}
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 6 }}>
          <Paper withBorder p="md">
            <ForwardingPanel appealId={view.id} />
          </Paper>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}

function History({ appeal, registrar, forwarding }: { appeal: AppealWithHistory; registrar: string | undefined; forwarding: ForwardingView | undefined }) {
  const { t, formatDateTime } = useI18n();
  const me = useMe().data;
  const words = t.supervisor.appeal;
  const bodyName = forwarding?.judicialBody.name;
  const who = (entry: HistoryEntry) => {
    if (entry.actorUserId === null) return words.bySystem;
    if (me && entry.actorUserId === me.id) return words.you(me.fullName);
    if (entry.actorUserId === appeal.registeredBy) return registrar ?? words.byRegistrar;
    if ((entry.action === 'acknowledged' || entry.action === 'answered') && bodyName) return words.byClerk(bodyName);
    return t.supervisor.call.byOther;
  };
  const status = (value: unknown) => t.supervisor.appealStatus[value as AppealStatus] ?? String(value);
  const details = (entry: HistoryEntry) => {
    const changes = entry.changes;
    const parts: string[] = [];
    const change = changes.status as { from?: unknown; to?: unknown } | undefined;
    if (change && typeof change === 'object' && change.from !== undefined) parts.push(words.statusChange(status(change.from), status(change.to)));
    if (entry.action === 'forwarded' && bodyName) parts.push(words.to(bodyName));
    if (entry.action === 'applicant_informed' && typeof changes.channel === 'string') parts.push(words.channel[changes.channel] ?? changes.channel);
    if (typeof changes.note === 'string') parts.push(words.note(changes.note));
    return parts.join('; ');
  };
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="appeal-history-title">
      <Title order={2} size="h4" id="appeal-history-title" mb="xs">{words.history}</Title>
      {appeal.history.length === 0 ? <Empty title={words.historyEmpty} /> : (
        <Table.ScrollContainer minWidth={480}>
          <Table verticalSpacing={6} striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t.supervisor.call.time}</Table.Th>
                <Table.Th>{t.supervisor.call.event}</Table.Th>
                <Table.Th>{t.supervisor.call.who}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {appeal.history.map((entry, index) => {
                const more = details(entry);
                return (
                  <Table.Tr key={index} data-action={entry.action}>
                    <Table.Td><Text size="sm">{formatDateTime(entry.at)}</Text></Table.Td>
                    <Table.Td>
                      <Text size="sm" fw={500}>{words.action[entry.action] ?? entry.action}</Text>
                      {more && <Text size="sm" c="dimmed">{more}</Text>}
                    </Table.Td>
                    <Table.Td><Text size="sm">{who(entry)}</Text></Table.Td>
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

function ResolveForm({ appealId }: { appealId: string }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [note, setNote] = useState('');
  const words = t.supervisor.appeal.resolve;
  const resolve = useMutation({
    mutationFn: () => post(`/appeals/${appealId}/status`, note.trim() ? { status: 'resolved', note: note.trim() } : { status: 'resolved' }),
    onSuccess: () => {
      notifications.show({ color: 'green', message: words.done, closeButtonProps: { 'aria-label': t.common.close } });
      void queryClient.invalidateQueries({ queryKey: ['appeal'] });
      void queryClient.invalidateQueries({ queryKey: ['appeals'] });
      void queryClient.invalidateQueries({ queryKey: ['forwarding-due'] });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    resolve.mutate();
  };
  const fieldError = resolve.error instanceof ApiError ? resolve.error.fieldMessage('note') : undefined;
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="resolve-title">
      <form onSubmit={submit} noValidate>
        <Stack gap="xs">
          <Title order={2} size="h5" id="resolve-title">{words.title}</Title>
          <Text size="sm" c="dimmed">{words.hint}</Text>
          {resolve.error && !fieldError && <Alert color="red" role="alert">{errorText(resolve.error)} {t.common.savedFormKept}</Alert>}
          <Textarea label={words.note} value={note} onChange={(event) => setNote(event.currentTarget.value)} autosize minRows={2} maxLength={2000} error={fieldError}
            styles={{ error: { color: 'var(--mantine-color-red-9)' } }} />
          <Group>
            <Button type="submit" variant="light" loading={resolve.isPending}>{words.submit}</Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
