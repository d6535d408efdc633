// One callback: who it is for and why, what the operator can do with it now (take it, call, record an
// attempt, close it or put it back), and every attempt so far.
import { Alert, Anchor, Button, Group, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useEffect, useId, useRef, type ReactNode } from 'react';
import { ApiError } from '../../api.ts';
import { useMe } from '../../app/session.ts';
import { Empty, ErrorState, Loading } from '../../app/states.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { displayPhone } from '../../shared/phone.ts';
import { ActionError } from '../ui.tsx';
import { AttemptForm, CloseForm, DialBlock, ReleaseForm } from './actions.tsx';
import { dismissDueAlert } from './alerts.tsx';
import { useCallbackDetail, useClaim } from './hooks.ts';
import type { CallbackDetail } from './types.ts';
import { queueOf, stateOf, unansweredOriginOf } from './words.ts';

export function CallbackPanel({ id }: { id: string }) {
  const { t } = useI18n();
  const words = t.operator.callbacks;
  const callback = useCallbackDetail(id);
  // The callback is on screen now: its «time has come» alert has done its job.
  useEffect(() => dismissDueAlert(id), [id]);
  if (callback.isPending) return <Paper withBorder p="sm" radius="md"><Loading /></Paper>;
  if (callback.isError) {
    if (callback.error instanceof ApiError && (callback.error.status === 404 || callback.error.status === 400)) {
      return <Paper withBorder p="sm" radius="md"><Empty title={words.notFound} hint={words.notFoundHint} /></Paper>;
    }
    return <ErrorState error={callback.error} onRetry={() => void callback.refetch()} />;
  }
  return <Detail callback={callback.data} />;
}

function Detail({ callback }: { callback: CallbackDetail }) {
  const { t, formatDateTime, formatTime } = useI18n();
  const words = t.operator.callbacks;
  const headingId = useId();
  const me = useMe().data?.id;
  const claim = useClaim(callback.id);
  const outcomeRef = useRef<HTMLSelectElement>(null);
  const mineNow = callback.status === 'in_progress' && callback.claimedBy === me;
  const mayClaim = callback.status === 'scheduled' && (callback.assignedOperatorId === null || callback.assignedOperatorId === me);

  return (
    <Paper withBorder p="sm" radius="md" component="section" aria-labelledby={headingId} data-callback-detail={callback.id} data-status={callback.status}>
      <Stack gap="sm">
        <Group gap={8} wrap="wrap">
          <Title order={2} size="h4" id={headingId}>{words.detail.heading(formatDateTime(callback.dueAt))}</Title>
          {callback.overdue && <Text component="span" size="sm" fw={700} c="red.9">{words.overdue}</Text>}
        </Group>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs" verticalSpacing={4} component="dl" m={0}>
          <Field label={words.detail.phone}>
            <Anchor href={`tel:${callback.phone}`} fw={700} size="lg">{displayPhone(callback.phone)}</Anchor>
          </Field>
          <Field label={words.detail.state}>
            <Text size="sm">{stateOf(t, callback, me)}{callback.attemptCount > 0 ? ` · ${words.attempts(callback.attemptCount)}` : ''}</Text>
          </Field>
          <Field label={words.detail.queue}><Text size="sm">{queueOf(t, callback, me)}</Text></Field>
          <Field label={words.detail.scheduledAt}><Text size="sm">{formatDateTime(callback.createdAt)}</Text></Field>
        </SimpleGrid>
        {callback.unansweredCall && (
          <Alert color="orange" variant="light" p="xs" data-unanswered-origin>
            <Text size="sm" fw={700}>{unansweredOriginOf(t, callback, formatTime)}</Text>
            <Text size="sm">
              {words.fromUnansweredHow[callback.unansweredCall.endReason]}
              {callback.origin === 'missed_call' ? ` · ${words.byRule}` : ''}
            </Text>
          </Alert>
        )}
        <div>
          <Text size="sm" fw={600} component="h3" m={0}>{words.detail.reason}</Text>
          <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{callback.reason}</Text>
        </div>

        {callback.status === 'done' || callback.status === 'cancelled' ? (
          <Alert color="teal" variant="light" role="status" data-closed={callback.status}>
            <Stack gap={4}>
              <Text size="sm" fw={600}>
                {callback.status === 'done'
                  ? words.closed.done(callback.outcome ? words.closeOutcome[callback.outcome] : '')
                  : words.closed.cancelled(callback.cancelReason ?? '')}
              </Text>
              {callback.resolution && <Text size="sm">{words.closed.resolution(callback.resolution)}</Text>}
              <Text size="sm">{words.closed.next}</Text>
            </Stack>
          </Alert>
        ) : mineNow ? (
          <>
            {claim.isSuccess && <Text size="sm" c="teal.9" fw={600} role="status">✓ {words.claim.done}</Text>}
            <DialBlock callback={callback} onManual={() => outcomeRef.current?.focus()} />
            <AttemptForm callback={callback} outcomeRef={outcomeRef} />
            <CloseForm callback={callback} />
            <ReleaseForm callback={callback} />
          </>
        ) : mayClaim ? (
          <Stack gap={4}>
            <Group>
              <Button onClick={() => claim.mutate()} loading={claim.isPending}>{words.claim.button}</Button>
            </Group>
            <Text size="sm" c="dimmed">{words.claim.hint}</Text>
            <ActionError error={claim.error} />
          </Stack>
        ) : (
          <Text size="sm" fw={600}>{words.takenByOther}</Text>
        )}

        <Attempts callback={callback} />
      </Stack>
    </Paper>
  );
}

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text component="dt" size="xs" c="dimmed">{label}</Text>
      <dd style={{ margin: 0 }}>{children}</dd>
    </div>
  );
}

function Attempts({ callback }: { callback: CallbackDetail }) {
  const { t, formatDateTime } = useI18n();
  const words = t.operator.callbacks.history;
  const headingId = useId();
  return (
    <section aria-labelledby={headingId}>
      <Title order={3} size="h6" id={headingId} mb={4}>{words.heading}</Title>
      {callback.attempts.length === 0 ? (
        <Text size="sm" c="dimmed">{words.empty}</Text>
      ) : (
        <Table verticalSpacing={4} aria-labelledby={headingId}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{words.time}</Table.Th>
              <Table.Th>{words.outcome}</Table.Th>
              <Table.Th>{words.note}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {callback.attempts.map((attempt) => (
              <Table.Tr key={attempt.id} data-attempt-outcome={attempt.outcome}>
                <Table.Td><Text size="sm">{formatDateTime(attempt.endedAt)}</Text></Table.Td>
                <Table.Td><Text size="sm">{t.operator.callbacks.attemptOutcome[attempt.outcome]}</Text></Table.Td>
                <Table.Td><Text size="sm" style={{ overflowWrap: 'anywhere' }}>{attempt.note ?? '—'}</Text></Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </section>
  );
}
