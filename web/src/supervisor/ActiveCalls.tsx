// Calls in progress: who is talking, who keeps a caller on hold and for how long (H5), and the
// callers waiting in a queue for an operator, with how long they have waited (H3). The list
// follows `call.changed`; each call's hold clock comes from its own view, refetched only when
// that call changes.
import { Text, VisuallyHidden } from '@mantine/core';
import { useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { get } from '../api.ts';
import { useLiveMessages } from '../app/live.tsx';
import { useI18n } from '../i18n/index.tsx';
import { AppLink } from '../shared/AppLink.tsx';
import { DataTable, ListStates } from '../shared/lists.tsx';
import { OverviewSection } from './OverviewSection.tsx';
import { runningHold } from '../operator/hooks.ts';
import { clock, useNow } from '../shared/format.ts';
import { callOperatorLabel } from './call-operator.ts';
import { HoldClock } from './HoldClock.tsx';
import { Tag } from '../shared/Tag.tsx';
import type { CallSummary, CallView, Page } from './types.ts';

export const LIVE_CALL_KEY = 'supervisor-call-live';

interface Hold {
  startedAt: string;
  serverOffsetMs: number;
  /** Started on the phone, no consent recorded (H1). */
  phone: boolean;
}

/** How long a caller has waited for an operator, ticking (from when the exchange offered the call). */
function WaitingClock({ since }: { since: string }) {
  const { t } = useI18n();
  const now = useNow(1000);
  return <Text size="sm" fw={600} c="red.9" data-testid="waiting-clock">{t.supervisor.call.waiting(clock(Math.max(0, (now - Date.parse(since)) / 1000)))}</Text>;
}

export function ActiveCalls() {
  const { t, formatTime } = useI18n();
  const queryClient = useQueryClient();
  const calls = useQuery({
    queryKey: ['calls', 'in-progress'],
    queryFn: async ({ signal }) => {
      const [ringing, active] = await Promise.all([
        get<Page<CallSummary>>('/calls?status=ringing&limit=100', signal),
        get<Page<CallSummary>>('/calls?status=active&limit=100', signal),
      ]);
      return [...ringing.items, ...active.items];
    },
  });
  // Not under 'call': the live channel refreshes every 'call' query on each call event, this one only its own call.
  const holds = useQueries({
    queries: (calls.data ?? []).filter((call) => call.status === 'active').map((call) => ({
      queryKey: [LIVE_CALL_KEY, call.id],
      staleTime: Infinity,
      queryFn: async ({ signal }: { signal: AbortSignal }): Promise<Hold | null> => {
        const hold = runningHold(await get<CallView>(`/calls/${call.id}`, signal));
        if (!hold) return null;
        return { startedAt: hold.startedAt, serverOffsetMs: Date.parse(hold.startedAt) + hold.elapsedSeconds * 1000 - Date.now(), phone: hold.phone };
      },
    })),
  });
  useLiveMessages((message) => {
    if ((message.type === 'call.changed' || message.type === 'call.hold_long') && typeof message.callId === 'string') {
      void queryClient.invalidateQueries({ queryKey: [LIVE_CALL_KEY, message.callId] });
    }
  });

  const holdOf = new Map<string, Hold>();
  const active = (calls.data ?? []).filter((call) => call.status === 'active');
  active.forEach((call, index) => {
    const hold = holds[index]?.data;
    if (hold) holdOf.set(call.id, hold);
  });
  // Longest hold first, then ringing, then the rest by the time they came in.
  const rows = [...(calls.data ?? [])].sort((a, b) => {
    const ha = holdOf.get(a.id);
    const hb = holdOf.get(b.id);
    if (ha && hb) return Date.parse(ha.startedAt) - Date.parse(hb.startedAt);
    if (ha || hb) return ha ? -1 : 1;
    if (a.status !== b.status) return a.status === 'ringing' ? -1 : 1;
    return Date.parse(a.openedAt) - Date.parse(b.openedAt);
  });

  const words = t.supervisor.calls;
  return (
    <OverviewSection headingId="active-calls-title" title={words.title} allTo="/supervisor/calls" allLabel={words.all}>
      <ListStates query={calls} rows={rows} empty={{ title: words.emptyTitle, hint: words.emptyHint }}>
        <DataTable
          rows={rows}
          minWidth={520}
          striped={false}
          caption={words.caption(rows.length, holdOf.size)}
          rowKey={(call) => call.id}
          rowProps={(call) => ({ 'data-call-id': call.id })}
          columns={[
            {
              header: words.operator,
              cell: (call) => (call.operator
                ? (
                  <>
                    {call.operator.operatorNumber !== null && <Text size="sm" fw={600}>{words.operatorNumber(call.operator.operatorNumber)}</Text>}
                    <Text size="sm">{call.operator.fullName}</Text>
                  </>
                )
                : <Text size="sm" fw={600} data-testid="in-queue">{callOperatorLabel(t, call)}</Text>),
            },
            {
              header: words.state,
              cell: (call) => {
                const hold = holdOf.get(call.id);
                const waiting = !call.operator && call.status === 'ringing';
                return (
                  <Tag variant="light" size="md" color={hold || waiting ? 'orange' : call.status === 'ringing' ? 'blue' : 'green'} c="dark.8">
                    {hold ? t.supervisor.callStatus.onHold : waiting ? t.supervisor.callStatus.waiting : t.supervisor.callStatus[call.status]}
                  </Tag>
                );
              },
            },
            {
              header: words.since,
              cell: (call) => (
                <>
                  <Text size="sm">{formatTime(call.answeredAt ?? call.openedAt)}</Text>
                  {!call.operator && call.status === 'ringing' && <WaitingClock since={call.openedAt} />}
                </>
              ),
            },
            {
              header: words.hold,
              cell: (call) => {
                const hold = holdOf.get(call.id);
                return hold ? <HoldClock startedAt={hold.startedAt} serverOffsetMs={hold.serverOffsetMs} phone={hold.phone} /> : <Text size="sm" c="dimmed">{t.supervisor.holdClock.none}</Text>;
              },
            },
            {
              header: <VisuallyHidden>{words.timeline}</VisuallyHidden>,
              cell: (call) => (
                <AppLink to={`/supervisor/calls/${call.id}`} size="sm" aria-label={words.openTimeline(callOperatorLabel(t, call))}>{words.timeline}</AppLink>
              ),
            },
          ]}
        />
      </ListStates>
    </OverviewSection>
  );
}
