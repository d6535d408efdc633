// The call on screen: who is calling and how it stands (with the running clocks, always in view),
// then the script section by section, then the timeline.
import { Alert, Anchor, Badge, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import type { MouseEvent } from 'react';
import { navigate } from '../app/router.ts';
import { useMe } from '../app/session.ts';
import { ErrorState, Loading } from '../app/states.tsx';
import { useI18n } from '../i18n/index.tsx';
import { callerText } from '../shared/phone.ts';
import { CallerHistory } from './CallerHistory.tsx';
import { BadAudioClock, HoldClock } from './Clocks.tsx';
import { Closing } from './Closing.tsx';
import { useCall, useLimits, useScript } from './hooks.ts';
import { Opening } from './Opening.tsx';
import { Situations } from './Situations.tsx';
import { Timeline } from './Timeline.tsx';
import { Topic } from './Topic.tsx';
import type { CallView, CallStatus, StandardLimits, TransferLeg } from './types.ts';
import { useClockTime } from './ui.tsx';

const STATUS_COLOUR: Record<CallStatus, string> = { ringing: 'red.9', active: 'teal.9', ended: 'gray.8' };

export function CallPanel({ callId }: { callId: string }) {
  const { t } = useI18n();
  const call = useCall(callId);
  const limits = useLimits();
  const script = useScript(callId, call.data?.status === 'active');
  const time = useClockTime();

  if (call.isPending) return <Loading />;
  if (call.isError) return <ErrorState error={call.error} title={t.operator.call.loadError} onRetry={() => void call.refetch()} />;
  const view = call.data;
  const answeredAt = call.dataUpdatedAt;

  return (
    <Stack gap="sm" data-call-id={view.id} data-call-status={view.status}>
      <CallHeader call={view} answeredAt={answeredAt} limits={limits.data} trySeconds={script.data?.badAudio.trySeconds ?? limits.data?.badAudioTrySeconds ?? 10} />
      <CallerHistory call={view} />
      {view.status === 'ringing' && (
        <Alert color="red.9" variant="outline" title={t.operator.call.ringing}>
          <Text size="sm">{t.operator.calls.pickUpHint}</Text>
        </Alert>
      )}
      {view.status === 'ended' && (
        <Alert color="gray.8" variant="outline" role="status" title={t.operator.call.ended(time(view.endedAt ?? view.openedAt), view.endReason ? t.operator.endReasons[view.endReason] : '')}>
          <Text size="sm">{t.operator.call.endedHint}</Text>
        </Alert>
      )}
      {view.status === 'active' && script.isError && <ErrorState error={script.error} onRetry={() => void script.refetch()} />}
      {view.status === 'active' && script.isPending && <Loading label={t.operator.call.scriptLoading} />}
      {view.status === 'active' && script.data && (
        <>
          <Opening call={view} script={script.data} />
          <Topic call={view} script={script.data} />
          <Situations call={view} script={script.data} answeredAt={answeredAt} />
          <Closing call={view} script={script.data} />
        </>
      )}
      <Timeline call={view} limits={limits.data} />
    </Stack>
  );
}

function CallHeader({ call, answeredAt, limits, trySeconds }: { call: CallView; answeredAt: number; limits: StandardLimits | undefined; trySeconds: number }) {
  const { t } = useI18n();
  const time = useClockTime();
  const fact = (label: string, value: string | null) => (
    <div>
      <Text size="xs" c="dimmed">{label}</Text>
      <Text size="sm" fw={600} style={{ overflowWrap: 'anywhere' }}>{value ?? t.operator.call.notRecorded}</Text>
    </div>
  );
  const language = call.language as 'uk' | 'en' | 'other' | null;
  return (
    <Paper
      withBorder
      p="sm"
      radius="md"
      shadow="xs"
      // Always in view while the operator scrolls the script: the clocks must never be out of sight.
      style={{ position: 'sticky', top: 'calc(var(--app-shell-header-height, 52px) + 4px)', zIndex: 5 }}
      aria-label={t.operator.call.summary}
      component="section"
    >
      <Stack gap={6}>
        <Group justify="space-between" gap="xs" wrap="wrap">
          <Group gap="xs" wrap="wrap">
            <Title order={2} size="h5">{t.operator.call.heading}</Title>
            <Badge color={STATUS_COLOUR[call.status]} variant="filled" data-testid="call-status">{t.operator.status[call.status]}</Badge>
            <Text size="xs" c="dimmed">{t.operator.calls.source[call.source]}</Text>
          </Group>
        </Group>
        <SimpleGrid cols={4} spacing="xs">
          {fact(t.operator.call.caller, callerText(call, { withheld: t.operator.calls.withheldPhone, unknown: t.operator.calls.unknownPhone }))}
          {fact(t.operator.call.formOfAddress, call.formOfAddress)}
          {fact(t.operator.call.language, language ? t.operator.opening.languages[language] ?? language : null)}
          {fact(t.operator.call.opened, time(call.openedAt))}
        </SimpleGrid>
        {call.transferredFrom && <TransferredFrom leg={call.transferredFrom} />}
        {call.status === 'active' && (
          <Group gap="xs" wrap="wrap">
            <HoldClock call={call} answeredAt={answeredAt} limits={limits} />
            <BadAudioClock call={call} answeredAt={answeredAt} trySeconds={trySeconds} />
          </Group>
        )}
      </Stack>
    </Paper>
  );
}

/**
 * Where the caller came from when the exchange transferred them here. The earlier call opens only
 * for its own operator (an operator sees their own calls only): for another's, the line says who.
 */
function TransferredFrom({ leg }: { leg: TransferLeg }) {
  const { t } = useI18n();
  const time = useClockTime();
  const me = useMe().data;
  const line = t.operator.call.transferredFrom(leg.operator.operatorNumber, time(leg.at));
  if (!me || me.id !== leg.operator.id) return <Text size="sm" data-testid="transferred-from">{line}</Text>;
  const to = `/operator/calls/${leg.id}`;
  const follow = (event: MouseEvent<HTMLAnchorElement>) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(to);
  };
  return <Anchor href={to} onClick={follow} size="sm" data-testid="transferred-from">{line}</Anchor>;
}
