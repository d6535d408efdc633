// 3. What may happen during a call, one tab each: hold, bad audio, dissatisfaction, abuse, transfer or
// callback. Each tab's shortcut opens it; a running hold or attempt marks its tab.
import { Kbd, Tabs } from '@mantine/core';
import { useState } from 'react';
import { useI18n } from '../i18n/index.tsx';
import { BadAudioPanel } from './BadAudio.tsx';
import { AbusePanel, DissatisfiedPanel } from './Difficult.tsx';
import { HoldPanel } from './Hold.tsx';
import { keysOf, type ShortcutId } from './shortcuts.tsx';
import { TransferCallbackPanel } from './TransferCallback.tsx';
import type { CallScript, CallView } from './types.ts';
import { Section } from './ui.tsx';

type Situation = 'hold' | 'badAudio' | 'dissatisfied' | 'abuse' | 'transfer';
const SHORTCUT_OF: Record<Situation, ShortcutId> = { hold: 'hold', badAudio: 'badAudio', dissatisfied: 'dissatisfied', abuse: 'abuse', transfer: 'transfer' };

export function Situations({ call, script, answeredAt }: { call: CallView; script: CallScript; answeredAt: number }) {
  const { t } = useI18n();
  const [tab, setTab] = useState<Situation>('hold');
  const running: Partial<Record<Situation, boolean>> = { hold: call.live.onHold || call.live.phoneHold !== null, badAudio: call.live.badAudio !== null, abuse: call.live.abuseWarned };
  const open = (situation: Situation) => () => setTab(situation);

  return (
    <Section title={t.operator.situations.heading} hint={t.operator.situations.hint}>
      {/* keepMounted: what was typed in one tab stays while another is open. */}
      <Tabs value={tab} onChange={(value) => value && setTab(value as Situation)} keepMounted variant="outline">
        <Tabs.List>
          {(Object.keys(SHORTCUT_OF) as Situation[]).map((situation) => (
            <Tabs.Tab
              key={situation}
              value={situation}
              aria-keyshortcuts={keysOf(SHORTCUT_OF[situation])}
              rightSection={<Kbd size="xs" aria-hidden="true">{keysOf(SHORTCUT_OF[situation])}</Kbd>}
              fw={running[situation] ? 700 : undefined}
              data-running={running[situation] ? 'true' : undefined}
              px="xs"
            >
              {running[situation] ? '● ' : ''}{t.operator.situations.tabs[situation]}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        <Tabs.Panel value="hold" pt="xs">
          <HoldPanel call={call} script={script} activate={open('hold')} />
        </Tabs.Panel>
        <Tabs.Panel value="badAudio" pt="xs">
          <BadAudioPanel call={call} script={script} answeredAt={answeredAt} activate={open('badAudio')} />
        </Tabs.Panel>
        <Tabs.Panel value="dissatisfied" pt="xs">
          <DissatisfiedPanel call={call} script={script} activate={open('dissatisfied')} />
        </Tabs.Panel>
        <Tabs.Panel value="abuse" pt="xs">
          <AbusePanel call={call} script={script} activate={open('abuse')} />
        </Tabs.Panel>
        <Tabs.Panel value="transfer" pt="xs">
          <TransferCallbackPanel call={call} script={script} activate={open('transfer')} />
        </Tabs.Panel>
      </Tabs>
    </Section>
  );
}
