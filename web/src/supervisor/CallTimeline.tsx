// A call's whole timeline: every typed event with its Kyiv time and who recorded it (the operator,
// the PBX), the call's state and why it ended. Follows the call live while it lasts.
import { Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { ApiError, get } from '../api.ts';
import { useMe } from '../app/session.ts';
import { Empty, ErrorState, Loading } from '../app/states.tsx';
import { useI18n, type Catalogue } from '../i18n/index.tsx';
import { AppLink } from '../shared/AppLink.tsx';
import { FactGrid } from '../shared/FactGrid.tsx';
import { clock, useFormats } from '../shared/format.ts';
import { callerText, displayPhone } from '../shared/phone.ts';
import { runningHold } from '../operator/hooks.ts';
import { HoldClock } from './HoldClock.tsx';
import { SupervisorAlerts } from './live.tsx';
import { Tag } from '../shared/Tag.tsx';
import type { CallView, EndReason, TimelineEvent } from './types.ts';
import { callOperatorLabel } from './call-operator.ts';

export function CallTimeline({ params }: { params: Record<string, string> }) {
  const { t, formatDateTime } = useI18n();
  const { timeWithSeconds } = useFormats();
  const me = useMe().data;
  const id = params.id ?? '';
  const call = useQuery({
    queryKey: ['call', id],
    queryFn: ({ signal }) => get<CallView>(`/calls/${encodeURIComponent(id)}`, signal),
  });
  const words = t.supervisor.call;

  if (call.isPending) return <><SupervisorAlerts /><Loading /></>;
  if (call.isError) {
    const missing = call.error instanceof ApiError && (call.error.status === 404 || call.error.status === 400);
    return (
      <Stack>
        <SupervisorAlerts />
        <AppLink to="/supervisor">{words.back}</AppLink>
        {missing
          ? <Empty title={words.notFound} hint={words.notFoundHint} action={<AppLink to="/supervisor/calls">{t.supervisor.lists.callsTitle}</AppLink>} />
          : <ErrorState error={call.error} onRetry={() => void call.refetch()} />}
      </Stack>
    );
  }

  const view = call.data;
  const operator = callOperatorLabel(t, view);
  const who = (event: TimelineEvent) => {
    if (event.source === 'pbx') return words.byPbx;
    if (event.actorUserId === null) return words.bySystem;
    if (event.actorUserId === view.operator?.id) return operator;
    if (me && event.actorUserId === me.id) return me.fullName;
    return words.byOther;
  };
  const hold = runningHold(view);
  const status = hold ? t.supervisor.callStatus.onHold : t.supervisor.callStatus[view.status];
  const facts: [string, string][] = [
    [words.operator, operator],
    [words.source, words.sources[view.source]],
    [words.openedAt, formatDateTime(view.openedAt)],
    [words.answeredAt, view.answeredAt ? formatDateTime(view.answeredAt) : '—'],
    [words.endedAt, view.endedAt ? formatDateTime(view.endedAt) : '—'],
    [words.endReason, view.endReason ? t.supervisor.endReason[view.endReason] : '—'],
    [words.formOfAddress, view.formOfAddress ?? words.notRecorded],
    [words.language, view.language ? (t.supervisor.language[view.language] ?? view.language) : words.notRecorded],
  ];

  return (
    <Stack gap="md">
      <SupervisorAlerts />
      <AppLink to="/supervisor" size="sm">{words.back}</AppLink>
      <Group gap="sm" align="center">
        <Title order={1} size="h3">{words.title}: {callerText(view, { withheld: words.withheldPhone, unknown: words.noPhone })}</Title>
        <Tag variant="light" color={view.status === 'ended' ? 'gray' : hold ? 'orange' : 'green'} c="dark.8" data-call-status={view.status}>
          {status}
        </Tag>
      </Group>
      {hold && (
        <Group gap="sm" role="group" aria-label={words.holdNow}>
          <Text size="sm" fw={600}>{words.holdNow}</Text>
          <HoldClock startedAt={hold.startedAt} serverOffsetMs={Date.parse(hold.startedAt) + hold.elapsedSeconds * 1000 - call.dataUpdatedAt} phone={hold.phone} />
        </Group>
      )}
      {view.calledAgain && (
        <Stack gap={2} role="status" data-testid="called-again">
          <Text size="sm">{words.calledAgain(timeWithSeconds(view.calledAgain.at))}</Text>
          <AppLink to={`/supervisor/calls/${view.calledAgain.callId}`} size="sm">{words.calledAgainLink}</AppLink>
        </Stack>
      )}
      {(view.transferredFrom || view.transferredTo) && (
        <Stack gap={2} role="group" aria-label={words.legs}>
          {view.transferredFrom && (
            <AppLink to={`/supervisor/calls/${view.transferredFrom.id}`} size="sm" data-testid="leg-from">
              {words.transferredFrom(view.transferredFrom.operator.operatorNumber, timeWithSeconds(view.transferredFrom.at))}
            </AppLink>
          )}
          {view.transferredTo && (
            <AppLink to={`/supervisor/calls/${view.transferredTo.id}`} size="sm" data-testid="leg-to">
              {words.transferredTo(view.transferredTo.operator.operatorNumber, timeWithSeconds(view.transferredTo.at))}
            </AppLink>
          )}
        </Stack>
      )}
      <Paper withBorder p="md">
        <FactGrid facts={facts} cols={{ base: 1, sm: 2, lg: 4 }} />
      </Paper>
      <Paper withBorder p="md" component="section" aria-labelledby="call-timeline-title">
        <Title order={2} size="h4" id="call-timeline-title" mb="xs">{words.timeline}</Title>
        <Table.ScrollContainer minWidth={640}>
          <Table verticalSpacing={6} striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={110}>{words.time}</Table.Th>
                <Table.Th>{words.event}</Table.Th>
                <Table.Th>{words.who}</Table.Th>
                <Table.Th>{words.details}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {view.timeline.map((event) => (
                <Table.Tr key={event.seq} data-event-type={event.type}>
                  <Table.Td><Text size="sm" ff="monospace">{timeWithSeconds(event.at)}</Text></Table.Td>
                  <Table.Td><Text size="sm" fw={500}>{t.supervisor.callEvent[event.type] ?? event.type}</Text></Table.Td>
                  <Table.Td><Text size="sm">{who(event)}</Text></Table.Td>
                  <Table.Td><Text size="sm">{eventDetails(t, event)}</Text></Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Paper>
    </Stack>
  );
}

const text = (value: unknown) => (typeof value === 'string' ? value : '');

/** What an event's fields say, in words; empty when there is nothing beyond its name. */
function eventDetails(t: Catalogue, event: TimelineEvent): string {
  const words = t.supervisor.call.detail;
  const data = event.data;
  switch (event.type) {
    case 'form_of_address_recorded':
      return words.formOfAddress(text(data.formOfAddress));
    case 'language_recorded': {
      const language = t.supervisor.language[text(data.language)] ?? text(data.language);
      return data.note ? `${language} (${text(data.note)})` : language;
    }
    case 'topic_recorded':
      return [words.topic(text(data.topic)), data.outsideJudiciary === true ? words.outsideJudiciary(text(data.explanation)) : ''].filter(Boolean).join('. ');
    case 'caller_dissatisfied':
      return [words.dissatisfied(text(data.cause), text(data.actionTaken)), data.apologyGiven === true ? words.apologyGiven : ''].filter(Boolean).join('; ');
    case 'hold_started':
      return data.callerConsented === true ? words.consent : '';
    case 'hold_ended':
      return typeof data.durationSeconds === 'number' ? words.holdLasted(clock(data.durationSeconds), data.overLimit === true) : '';
    case 'abuse_warning_given':
      return words.abuse(t.supervisor.abuseReason[text(data.reason)] ?? text(data.reason));
    case 'bad_audio_ended':
      return words.badAudio(data.resolved === true);
    case 'transferred':
      return words.transferredTo(text(data.to));
    case 'callback_requested':
      return words.callback(displayPhone(text(data.phone)), text(data.reason));
    case 'ended': {
      const reason = t.supervisor.endReason[text(data.reason) as EndReason] ?? text(data.reason);
      const hold = data.hold as { durationSeconds?: unknown; overLimit?: unknown } | undefined;
      const held = hold && typeof hold.durationSeconds === 'number' ? `; ${t.supervisor.callEvent.hold_ended}: ${words.holdLasted(clock(hold.durationSeconds), hold.overLimit === true)}` : '';
      return words.ended(reason) + held;
    }
    default:
      return '';
  }
}
