// Beside the call: the knowledge base (H2), the directory of judicial bodies (H4) and the oral appeal
// form (A1), then forwarding it the same day (A3). The panels themselves belong to their own areas.
import { Alert, Kbd, Paper, Stack, Tabs, Text } from '@mantine/core';
import { useRef, useState, type ReactNode } from 'react';
import { AppealForm } from '../appeals/AppealForm.tsx';
import { ForwardingPanel } from '../appeals/ForwardingPanel.tsx';
import { useCallAppeal } from '../appeals/shared.ts';
import { DirectoryPanel } from '../courts/DirectoryPanel.tsx';
import { KnowledgePanel } from '../knowledge/KnowledgePanel.tsx';
import { useI18n } from '../i18n/index.tsx';
import { focusOn, keysOf, useShortcut, type ShortcutId } from './shortcuts.tsx';
import type { CallView } from './types.ts';

type Panel = 'knowledge' | 'directory' | 'appeal';
type Registered = Parameters<Parameters<typeof AppealForm>[0]['onRegistered']>[0];
interface Remembered {
  id: string;
  registrationNumber: string | null;
}

/** The first field of a panel, for panels that take no focus reference. */
const firstField = (box: HTMLElement | null) => box?.querySelector<HTMLElement>('input:not([type=hidden]), textarea, select, button') ?? null;

export function SidePanels({ call }: { call: CallView | undefined }) {
  const { t } = useI18n();
  const [panel, setPanel] = useState<Panel>('knowledge');
  const [appeals, setAppeals] = useState<Record<string, Remembered>>({});
  const knowledgeRef = useRef<HTMLInputElement>(null);
  const directoryRef = useRef<HTMLInputElement>(null);
  const boxes = { knowledge: useRef<HTMLDivElement>(null), directory: useRef<HTMLDivElement>(null), appeal: useRef<HTMLDivElement>(null) };
  const fieldRefs = { knowledge: knowledgeRef, directory: directoryRef, appeal: null };

  const show = (next: Panel) => () => {
    setPanel(next);
    requestAnimationFrame(() => focusOn(fieldRefs[next]?.current ?? firstField(boxes[next].current)));
  };
  useShortcut('knowledge', show('knowledge'));
  useShortcut('directory', show('directory'));
  useShortcut('appeal', show('appeal'));

  // The call's appeal as the server knows it (a reload, a finished call reopened), or the one just registered.
  const onCall = useCallAppeal(call?.id);
  const appeal: Remembered | null = call ? appeals[call.id] ?? onCall.data ?? null : null;
  const onRegistered = (registered: Registered) => {
    if (!call) return;
    setAppeals((before) => ({ ...before, [call.id]: { id: registered.id, registrationNumber: registered.registrationNumber ?? null } }));
  };

  const tab = (value: Panel, label: string, shortcut: ShortcutId) => (
    <Tabs.Tab value={value} aria-keyshortcuts={keysOf(shortcut)} rightSection={<Kbd size="xs" aria-hidden="true">{keysOf(shortcut)}</Kbd>} px="xs">
      {label}
    </Tabs.Tab>
  );

  // Each panel opens with a line saying what it is for.
  const panelBox = (value: Panel, hint: string, content: ReactNode) => (
    <Tabs.Panel value={value} pt="xs" ref={boxes[value]}>
      <Stack gap="xs">
        <Text size="sm" c="dimmed">{hint}</Text>
        {content}
      </Stack>
    </Tabs.Panel>
  );

  return (
    <Paper withBorder p="sm" radius="md" component="section" aria-label={t.operator.panels.label}>
      <Tabs value={panel} onChange={(value) => value && setPanel(value as Panel)} keepMounted variant="outline">
        <Tabs.List>
          {tab('knowledge', t.operator.panels.knowledge, 'knowledge')}
          {tab('directory', t.operator.panels.directory, 'directory')}
          {tab('appeal', t.operator.panels.appeal, 'appeal')}
        </Tabs.List>
        {panelBox('knowledge', t.operator.panels.knowledgeHint, <KnowledgePanel autoFocusRef={knowledgeRef} />)}
        {panelBox('directory', t.operator.panels.directoryHint, <DirectoryPanel autoFocusRef={directoryRef} />)}
        {panelBox('appeal', t.operator.panels.appealHint, (
          <>
            {!call && <Text size="sm">{t.operator.panels.appealNeedsCall}</Text>}
            {/* One form per call; it shows the registration number and the caller's lookup code itself. */}
            {call && <AppealForm key={call.id} callId={call.id} callerPhone={call.callerPhone} onRegistered={onRegistered} />}
            {call && appeal && (
              <>
                <Alert color="teal.9" variant="outline" p="xs" role="status">
                  <Text size="sm" c="teal.9" fw={600}>
                    {appeal.registrationNumber ? t.operator.panels.registered(appeal.registrationNumber) : t.operator.panels.registeredNoNumber}
                  </Text>
                </Alert>
                <ForwardingPanel appealId={appeal.id} />
              </>
            )}
          </>
        ))}
      </Tabs>
    </Paper>
  );
}
