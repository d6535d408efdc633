// A recognised caller: their earlier calls and appeals, offered for reference and never merged.
import { Alert, List, Stack, Text } from '@mantine/core';
import { useI18n } from '../i18n/index.tsx';
import { useCallerHistory } from './hooks.ts';
import type { CallView, EndReason } from './types.ts';

const SHOWN = 5;

export function CallerHistory({ call }: { call: CallView }) {
  const { t, formatDateTime } = useI18n();
  const history = useCallerHistory(call.callerPhone);
  if (!history.data) return null;
  const calls = history.data.calls.filter((earlier) => earlier.callId !== call.id);
  const appeals = history.data.appeals;
  if (calls.length === 0 && appeals.length === 0) return null;
  const tc = t.operator.caller;
  return (
    <Alert color="blue" variant="outline" title={tc.heading} p="xs" data-testid="caller-history">
      <Stack gap={4}>
        <Text size="sm" c="dimmed">{tc.hint}</Text>
        {appeals.length > 0 && (
          <>
            <Text size="sm" fw={600}>{tc.appeals(appeals.length)}</Text>
            <List size="sm" spacing={0}>
              {appeals.slice(0, SHOWN).map((appeal) => (
                <List.Item key={appeal.appealId}>
                  {tc.appealLine(appeal.registrationNumber, tc.kinds[appeal.kind] ?? appeal.kind, tc.appealStatuses[appeal.status] ?? appeal.status, formatDateTime(appeal.registeredAt))}
                </List.Item>
              ))}
            </List>
            {appeals.length > SHOWN && <Text size="xs" c="dimmed">{tc.more(appeals.length - SHOWN)}</Text>}
          </>
        )}
        {calls.length > 0 && (
          <>
            <Text size="sm" fw={600}>{tc.calls(calls.length)}</Text>
            <List size="sm" spacing={0}>
              {calls.slice(0, SHOWN).map((earlier) => (
                <List.Item key={earlier.callId}>
                  {tc.callLine(
                    formatDateTime(earlier.openedAt),
                    earlier.endReason ? t.operator.endReasons[earlier.endReason as EndReason] ?? earlier.endReason : t.operator.status[earlier.status as 'ringing'] ?? earlier.status,
                  )}
                </List.Item>
              ))}
            </List>
            {calls.length > SHOWN && <Text size="xs" c="dimmed">{tc.more(calls.length - SHOWN)}</Text>}
          </>
        )}
      </Stack>
    </Alert>
  );
}
