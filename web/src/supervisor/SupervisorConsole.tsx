// The supervisor's console: everything that needs management's attention now, updated live.
import { Grid, Stack, Text, Title } from '@mantine/core';
import { useI18n } from '../i18n/index.tsx';
import { ActiveCalls } from './ActiveCalls.tsx';
import { CallbacksDue } from './CallbacksDue.tsx';
import { ForwardingDue } from './ForwardingDue.tsx';
import { SupervisorAlerts } from './live.tsx';
import { NewAppeals } from './NewAppeals.tsx';
import { useMe } from '../app/session.ts';
import { UnansweredFiguresPanel } from './unanswered/UnansweredFiguresPanel.tsx';

export function SupervisorConsole() {
  const { t } = useI18n();
  const me = useMe().data;
  return (
    <Stack gap="md">
      <SupervisorAlerts />
      <div>
        <Title order={1} size="h3">{t.supervisor.console.title}</Title>
        <Text size="sm" c="dimmed">{t.supervisor.console.intro}</Text>
      </div>
      <Grid gap="md">
        <Grid.Col span={{ base: 12, lg: 7 }}>
          <Stack gap="md">
            <ActiveCalls />
            <NewAppeals />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 5 }}>
          <Stack gap="md">
            <UnansweredFiguresPanel listLink={me?.role === 'supervisor'} />
            <ForwardingDue />
            <CallbacksDue />
          </Stack>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
