// H3: callers nobody answered, newest first: how long each waited, whom the call reached, and where
// it stands now (a callback planned, done, or the caller called again). Where nothing is planned, a
// callback is scheduled here in one click, into the shared queue. Supervisors and operators alike.
import { Button, Checkbox, Group, NativeSelect, Paper, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { post } from '../../api.ts';
import { useMe } from '../../app/session.ts';
import { errorText } from '../../app/states.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { PagedTable, usePagedList } from '../../shared/lists.tsx';
import { callerText } from '../../shared/phone.ts';
import { Tag } from '../../shared/Tag.tsx';
import { kyivDate } from '../../../../src/standard/greeting.ts';
import type { UnansweredCall, UnansweredEndReason } from './data.ts';

const PAGE = 30;
const END_REASONS: UnansweredEndReason[] = ['abandoned', 'missed'];

/** «09:00» today, the date and time on another day. */
function useWhen() {
  const { formatTime, formatDateTime } = useI18n();
  return (iso: string) => (kyivDate(new Date(iso)) === kyivDate(new Date()) ? formatTime(iso) : formatDateTime(iso));
}

export function UnansweredCallsScreen() {
  const { t, formatDateTime } = useI18n();
  const words = t.supervisor.unanswered;
  const lists = t.supervisor.lists;
  const me = useMe().data;
  const [openOnly, setOpenOnly] = useState(true);
  const [endReason, setEndReason] = useState('');
  const calls = usePagedList<UnansweredCall>({
    queryKey: ['unanswered-calls', openOnly, endReason],
    path: '/telephony/missed-calls',
    query: { limit: String(PAGE), open: openOnly && 'true', endReason },
    refetchInterval: 30_000,
  });
  const when = useWhen();
  const supervisor = me?.role === 'supervisor';
  return (
    <Stack gap="md">
      <div>
        <Title order={1} size="h3">{words.title}</Title>
        <Text size="sm" c="dimmed" maw={820}>{words.intro}</Text>
      </div>
      <Group align="flex-end" gap="lg">
        <Checkbox label={words.openOnly} checked={openOnly} onChange={(event) => setOpenOnly(event.currentTarget.checked)} />
        <NativeSelect
          label={words.endReasonFilter}
          value={endReason}
          onChange={(event) => setEndReason(event.currentTarget.value)}
          data={[{ value: '', label: words.all }, ...END_REASONS.map((value) => ({ value, label: words.endReason[value] }))]}
          w={260}
        />
      </Group>
      <Paper withBorder p="md">
        <PagedTable
          query={calls}
          empty={openOnly ? { title: words.emptyOpen, hint: words.emptyOpenHint } : { title: words.empty, hint: words.emptyHint }}
          words={{ more: lists.more, shown: lists.shown, end: lists.end }}
          minWidth={980}
          rowKey={(call) => call.callId}
          rowProps={(call) => ({ 'data-unanswered-call': call.callId, 'data-end-reason': call.endReason })}
          rowLink={supervisor ? (call) => `/supervisor/calls/${call.callId}` : undefined}
          columns={[
            { header: words.offeredAt, link: supervisor, cell: (call) => formatDateTime(call.openedAt) },
            { header: words.caller, cell: (call) => <Text size="sm" fw={600}>{callerText(call, { withheld: words.hiddenNumber, unknown: words.unknownNumber })}</Text> },
            { header: words.waited, cell: (call) => <Text size="sm" data-waited={call.waitedSeconds}>{words.waitedFor(t.common.duration(call.waitedSeconds))}</Text> },
            { header: lists.endReason, cell: (call) => <Text size="sm">{words.endReason[call.endReason]}</Text> },
            {
              header: words.where,
              cell: (call) => (
                <Text size="sm">
                  {call.operator
                    ? t.supervisor.call.operatorName(call.operator.operatorNumber, call.operator.fullName)
                    : call.offeredTo ? words.queue(call.offeredTo) : words.nobody}
                </Text>
              ),
            },
            { header: words.state, cell: (call) => <CallState call={call} when={when} /> },
          ]}
        />
      </Paper>
    </Stack>
  );
}

function CallState({ call, when }: { call: UnansweredCall; when: (iso: string) => string }) {
  const { t } = useI18n();
  const words = t.supervisor.unanswered;
  return (
    <Stack gap={4} align="flex-start">
      {call.calledAgain && <Tag size="md" color="teal.9" data-state="called-again">{words.calledAgain(when(call.calledAgain.at))}</Tag>}
      {call.callback ? (
        <Tag size="md" color={call.callback.status === 'done' ? 'teal.9' : call.callback.status === 'cancelled' ? 'gray.7' : 'blue.8'} data-state={`callback-${call.callback.status}`}>
          {call.callback.status === 'scheduled' ? words.callback.scheduled(when(call.callback.dueAt)) : words.callback[call.callback.status]}
        </Tag>
      ) : !call.calledAgain && (
        <>
          <Tag size="md" color="red.9" data-state="no-callback">{words.noCallback}</Tag>
          {call.callerPhone && <ScheduleCallback call={call} />}
        </>
      )}
    </Stack>
  );
}

/** POST /callbacks with the call: due now, in the shared queue, the reason said for the operator. */
function ScheduleCallback({ call }: { call: UnansweredCall }) {
  const { t } = useI18n();
  const words = t.supervisor.unanswered;
  const queryClient = useQueryClient();
  const schedule = useMutation({
    mutationFn: () => post('/callbacks', {
      callId: call.callId,
      phone: call.callerPhone,
      reason: words.scheduleReason(t.common.duration(call.waitedSeconds)),
      dueAt: new Date().toISOString(),
    }, crypto.randomUUID()),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['unanswered-calls'] }),
  });
  return (
    <>
      <Button size="compact-sm" variant="light" onClick={() => schedule.mutate()} loading={schedule.isPending}>{words.schedule}</Button>
      {schedule.isSuccess && <Text size="xs" c="teal.9" role="status">{words.scheduled}</Text>}
      {schedule.isError && <Text size="xs" c="red.9" role="alert">{errorText(schedule.error)}</Text>}
    </>
  );
}
