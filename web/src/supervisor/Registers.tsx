// The register of all appeals and the list of all calls: filter by status, newest first, more
// pages on request («Більше»). Both follow live events.
import { Group, NativeSelect, Paper, Stack, Text, Title } from '@mantine/core';
import { useState, type ReactNode } from 'react';
import { useI18n } from '../i18n/index.tsx';
import { PagedTable, usePagedList } from '../shared/lists.tsx';
import { AppealStatusBadge } from './AppealStatusBadge.tsx';
import { SupervisorAlerts, useArrivedAppeals } from './live.tsx';
import type { AppealStatus, AppealView, CallStatus, CallSummary } from './types.ts';

const APPEAL_STATUSES: AppealStatus[] = ['registered', 'forwarded', 'acknowledged', 'answered', 'resolved'];
const CALL_STATUSES: CallStatus[] = ['ringing', 'active', 'ended'];
const PAGE = 30;

/** A register's state: the status it is filtered by, its pages, and the paging words. */
function useRegister<T>(key: string, path: string) {
  const { t } = useI18n();
  const [status, setStatus] = useState('');
  const query = usePagedList<T>({ queryKey: [key, 'register', status], path, query: { limit: String(PAGE), status } });
  const words = t.supervisor.lists;
  return { status, setStatus, query, paging: { more: words.more, shown: words.shown, end: words.end } };
}

interface FrameProps<S extends string> {
  title: string;
  register: { status: string; setStatus: (status: string) => void };
  statuses: readonly S[];
  statusLabel: (status: S) => string;
  filterWidth: number;
  children: ReactNode;
}

function RegisterFrame<S extends string>({ title, register, statuses, statusLabel, filterWidth, children }: FrameProps<S>) {
  const words = useI18n().t.supervisor.lists;
  return (
    <Stack gap="md">
      <SupervisorAlerts />
      <Group justify="space-between" align="flex-end">
        <Title order={1} size="h3">{title}</Title>
        <NativeSelect
          label={words.status}
          value={register.status}
          onChange={(event) => register.setStatus(event.currentTarget.value)}
          data={[{ value: '', label: words.all }, ...statuses.map((value) => ({ value, label: statusLabel(value) }))]}
          w={filterWidth}
        />
      </Group>
      <Paper withBorder p="md">{children}</Paper>
    </Stack>
  );
}

export function AppealsRegister() {
  const { t, formatDateTime } = useI18n();
  const appeals = useRegister<AppealView>('appeals', '/appeals');
  const arrived = useArrivedAppeals();
  const words = t.supervisor.lists;
  return (
    <RegisterFrame title={words.appealsTitle} register={appeals} statuses={APPEAL_STATUSES} statusLabel={(value) => t.supervisor.appealStatus[value]} filterWidth={300}>
      <PagedTable
        query={appeals.query}
        empty={{ title: words.appealsEmpty, hint: words.appealsEmptyHint }}
        words={appeals.paging}
        minWidth={720}
        rowKey={(appeal) => appeal.id}
        rowProps={(appeal) => ({ 'data-appeal-id': appeal.id, bg: arrived.has(appeal.id) ? 'yellow.0' : undefined })}
        rowLink={(appeal) => `/supervisor/appeals/${appeal.id}`}
        columns={[
          { header: t.supervisor.appeals.number, link: true, cell: (appeal) => appeal.registrationNumber },
          { header: t.supervisor.appeals.registeredAt, cell: (appeal) => <Text size="sm">{formatDateTime(appeal.registeredAt)}</Text> },
          { header: t.supervisor.appeals.kind, cell: (appeal) => <Text size="sm">{t.supervisor.appealKind[appeal.kind]}</Text> },
          { header: t.common.appealFacts.applicant, cell: (appeal) => <Text size="sm">{`${appeal.applicant.surname} ${appeal.applicant.givenName} ${appeal.applicant.patronymic}`}</Text> },
          { header: t.supervisor.appeals.status, cell: (appeal) => <AppealStatusBadge status={appeal.status} /> },
        ]}
      />
    </RegisterFrame>
  );
}

export function CallsRegister() {
  const { t, formatDateTime } = useI18n();
  const calls = useRegister<CallSummary>('calls', '/calls');
  const words = t.supervisor.lists;
  return (
    <RegisterFrame title={words.callsTitle} register={calls} statuses={CALL_STATUSES} statusLabel={(value) => t.supervisor.callStatus[value]} filterWidth={240}>
      <PagedTable
        query={calls.query}
        empty={{ title: words.callsEmpty, hint: words.callsEmptyHint }}
        words={calls.paging}
        minWidth={760}
        rowKey={(call) => call.id}
        rowProps={(call) => ({ 'data-call-id': call.id })}
        rowLink={(call) => `/supervisor/calls/${call.id}`}
        columns={[
          { header: words.openedAt, link: true, cell: (call) => formatDateTime(call.openedAt) },
          { header: words.operator, cell: (call) => <Text size="sm">{t.supervisor.call.operatorName(call.operator.operatorNumber, call.operator.fullName)}</Text> },
          { header: words.caller, cell: (call) => <Text size="sm">{call.callerPhone ?? t.supervisor.call.noPhone}</Text> },
          { header: t.supervisor.calls.state, cell: (call) => <Text size="sm">{t.supervisor.callStatus[call.status]}</Text> },
          { header: words.endReason, cell: (call) => <Text size="sm">{call.endReason ? t.supervisor.endReason[call.endReason] : '—'}</Text> },
        ]}
      />
    </RegisterFrame>
  );
}
