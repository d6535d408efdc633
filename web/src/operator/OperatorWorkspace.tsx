// The operator's call screen: one screen for the whole call. Left, the calls and the call itself
// (script, situations, closing, timeline); right, the knowledge base, the court directory and the
// appeal form, and the list of shortcuts.
import { Box, Grid, Group, Kbd, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useEffect, useId } from 'react';
import { navigate } from '../app/router.ts';
import { Empty } from '../app/states.tsx';
import { useI18n } from '../i18n/index.tsx';
import { CallPanel } from './CallPanel.tsx';
import { CallsBar } from './CallsBar.tsx';
import { DueCallbacksLink, OperatorCallbackAlerts } from './callbacks/alerts.tsx';
import { useCall, useMyActiveCalls } from './hooks.ts';
import { CallShortcuts, ShortcutProvider, SHORTCUT_IDS, keysOf, shortcutLabel } from './shortcuts.tsx';
import { SidePanels } from './SidePanels.tsx';

export function OperatorWorkspace({ params }: { params: Record<string, string> }) {
  const { t } = useI18n();
  const callId = params.id;
  const active = useMyActiveCalls();

  // A call the exchange put through while no call is on screen opens by itself: a ringing one first.
  const waiting = active.data?.find((call) => call.status === 'ringing') ?? active.data?.[0];
  // What the keyboard moves to is scrolled clear of the fixed header and the call's sticky summary.
  useEffect(() => {
    const root = document.documentElement;
    const before = root.style.scrollPaddingTop;
    root.style.scrollPaddingTop = '230px';
    return () => {
      root.style.scrollPaddingTop = before;
    };
  }, []);

  useEffect(() => {
    if (!callId && waiting) navigate(`/operator/calls/${waiting.id}`, { replace: true });
  }, [callId, waiting]);

  return (
    <ShortcutProvider>
      <Stack gap="sm">
        <OperatorCallbackAlerts />
        <Group justify="space-between" align="flex-start" wrap="nowrap" gap="sm">
          <div>
            <Title order={1} size="h3">{t.operator.title}</Title>
            <Text size="sm" c="dimmed">{t.operator.intro}</Text>
          </div>
          <DueCallbacksLink />
        </Group>
        <Grid gap="sm">
          <Grid.Col span={{ base: 12, lg: 7 }}>
            <Stack gap="sm">
              <CallsBar currentId={callId} />
              {callId ? <CallShortcuts><CallPanel key={callId} callId={callId} /></CallShortcuts> : <Empty title={t.operator.noCall.title} hint={t.operator.noCall.hint} />}
            </Stack>
          </Grid.Col>
          <Grid.Col span={{ base: 12, lg: 5 }}>
            <Box style={{ position: 'sticky', top: 'calc(var(--app-shell-header-height, 52px) + 4px)', maxHeight: 'calc(100vh - var(--app-shell-header-height, 52px) - 8px)', overflowY: 'auto' }}>
              <Stack gap="sm">
                <CurrentSidePanels callId={callId} />
                <ShortcutList />
              </Stack>
            </Box>
          </Grid.Col>
        </Grid>
      </Stack>
    </ShortcutProvider>
  );
}

function CurrentSidePanels({ callId }: { callId: string | undefined }) {
  const call = useCall(callId ?? '', callId !== undefined);
  return <SidePanels call={callId ? call.data : undefined} />;
}

function ShortcutList() {
  const { t } = useI18n();
  const headingId = useId();
  return (
    <Paper withBorder p="sm" radius="md" component="section" aria-labelledby={headingId}>
      <Title order={2} size="h6" id={headingId}>{t.operator.shortcuts.heading}</Title>
      <Text size="xs" c="dimmed" mb={4}>{t.operator.shortcuts.hint}</Text>
      <SimpleGrid cols={2} spacing={4} verticalSpacing={2} component="dl" m={0}>
        {SHORTCUT_IDS.map((id) => (
          <div key={id} style={{ display: 'flex', gap: 6, alignItems: 'baseline', minWidth: 0 }}>
            <dt style={{ flex: '0 0 auto' }}><Kbd size="xs">{keysOf(id)}</Kbd></dt>
            <dd style={{ margin: 0, minWidth: 0 }}><Text size="xs">{shortcutLabel(t, id)}</Text></dd>
          </div>
        ))}
      </SimpleGrid>
    </Paper>
  );
}
