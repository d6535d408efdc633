// The register of all appeals and the list of all calls: filter by status, newest first, more
// pages on request («Більше»). Both follow live events.
import { Group, NativeSelect, Paper, Stack, Text, Title } from '@mantine/core';
import { useState, type ReactNode } from 'react';
import { useI18n } from '../i18n/index.tsx';
import { PagedTable, usePagedList } from '../shared/lists.tsx';
import { callerText } from '../shared/phone.ts';
import { AppealStatusBadge } from './AppealStatusBadge.tsx';
import { SupervisorAlerts, useArrivedAppeals } from './live.tsx';
import type { AppealStatus, AppealView, CallStatus, CallSummary, EndReason } from './types.ts';
import { callOperatorLabel } from './call-operator.ts';

const APPEAL_STATUSES: AppealStatus[] = ['registered', 'forwarded', 'acknowledged', 'answered', 'resolved'];
const CALL_STATUSES: CallStatus[] = ['ringing', 'active', 'ended'];
const END_REASONS: EndReason[] = ['abandoned', 'missed', 'completed', 'caller_hung_up', 'transferred', 'callback_arranged', 'abusive_caller', 'no_audio'];
const PAGE = 30;

function usePaged<T>(key: string, path: string, status: string) {
  return usePagedList<T>({ queryKey: [key, 'register', status], path, query: { limit: String(PAGE), status } });
}

/** A filter of a register: one of a code list's values, or all of them. */
function FilterSelect<V extends string>({ label, allLabel, value, onChange, options, optionLabel, width }: {
  label: string;
  allLabel: string;
  value: string;
  onChange: (value: string) => void;
  options: readonly V[];
  optionLabel: (value: V) => string;
  width: number;
}) {
  return (
    <NativeSelect
      label={label}
      value={value}
      onChange={(event) => onChange(event.currentTarget.value)}
      data={[{ value: '', label: allLabel }, ...options.map((option) => ({ value: option, label: optionLabel(option) }))]}
      w={width}
    />
  );
}

function RegisterFrame({ title, filter, children }: { title: string; filter: ReactNode; children: ReactNode }) {
  return (
    <Stack gap="md">
      <SupervisorAlerts />
      <Group justify="space-between" align="flex-end">
        <Title order={1} size="h3">{title}</Title>
        {filter}
      </Group>
      <Paper withBorder p="md">{children}</Paper>
    </Stack>
  );
}

export function AppealsRegister() {
  const { t, formatDateTime } = useI18n();
  const [status, setStatus] = useState('');
  const appeals = usePaged<AppealView>('appeals', '/appeals', status);
  const arrived = useArrivedAppeals();
  const words = t.supervisor.lists;
  const filter = (
    <FilterSelect label={words.status} allLabel={words.all} value={status} onChange={setStatus} options={APPEAL_STATUSES} optionLabel={(value) => t.supervisor.appealStatus[value]} width={300} />
  );
  return (
    <RegisterFrame title={words.appealsTitle} filter={filter}>
      <PagedTable
        query={appeals}
        empty={{ title: words.appealsEmpty, hint: words.appealsEmptyHint }}
        words={words}
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
  const [status, setStatus] = useState('');
  // H3: the calls nobody answered (missed, abandoned, still waiting), and by how they ended.
  const [endReason, setEndReason] = useState('');
  const [answered, setAnswered] = useState('');
  const calls = usePagedList<CallSummary>({
    queryKey: ['calls', 'register', status, endReason, answered],
    path: '/calls',
    query: { limit: String(PAGE), status, endReason, answered },
  });
  const words = t.supervisor.lists;
  const filter = (
    <Group gap="sm" align="flex-end">
      <FilterSelect label={words.status} allLabel={words.all} value={status} onChange={setStatus} options={CALL_STATUSES} optionLabel={(value) => t.supervisor.callStatus[value]} width={200} />
      <NativeSelect
        label={words.answered}
        value={answered}
        onChange={(event) => setAnswered(event.currentTarget.value)}
        data={[{ value: '', label: words.answeredOptions.any }, { value: 'true', label: words.answeredOptions.yes }, { value: 'false', label: words.answeredOptions.no }]}
        w={240}
      />
      <FilterSelect label={words.endReason} allLabel={words.all} value={endReason} onChange={setEndReason} options={END_REASONS} optionLabel={(value) => t.supervisor.endReason[value]} width={280} />
    </Group>
  );
  return (
    <RegisterFrame title={words.callsTitle} filter={filter}>
      <PagedTable
        query={calls}
        empty={{ title: words.callsEmpty, hint: words.callsEmptyHint }}
        words={words}
        minWidth={760}
        rowKey={(call) => call.id}
        rowProps={(call) => ({ 'data-call-id': call.id })}
        rowLink={(call) => `/supervisor/calls/${call.id}`}
        columns={[
          { header: words.openedAt, link: true, cell: (call) => formatDateTime(call.openedAt) },
          { header: words.operator, cell: (call) => <Text size="sm" c={call.operator ? undefined : 'red.9'}>{callOperatorLabel(t, call)}</Text> },
          { header: words.caller, cell: (call) => <Text size="sm">{callerText(call, { withheld: t.supervisor.call.withheldPhone, unknown: t.supervisor.call.noPhone })}</Text> },
          { header: t.supervisor.calls.state, cell: (call) => <Text size="sm">{t.supervisor.callStatus[call.status]}</Text> },
          { header: words.endReason, cell: (call) => <Text size="sm">{call.endReason ? t.supervisor.endReason[call.endReason] : '—'}</Text> },
        ]}
      />
    </RegisterFrame>
  );
}
