// 1. Opening the call (G1-G6): the greeting already chosen for the Kyiv time, the operator's own
// number and full name, the caller's form of address (which the script then uses) and the language.
import { Group, Radio, Stack, Text, TextInput } from '@mantine/core';
import { useRef, useState } from 'react';
import { COURTESY_WORDS } from '../../../src/standard/phrases.ts';
import { useI18n } from '../i18n/index.tsx';
import { useStep } from './hooks.ts';
import { focusOn, keysOf, useShortcut } from './shortcuts.tsx';
import type { CallScript, CallView } from './types.ts';
import { ActionError, KeyLabel, Say, ScriptForm, Section, Step, StepButton, fieldError, lastOf } from './ui.tsx';

type Language = 'uk' | 'en' | 'other';

export function Opening({ call, script }: { call: CallView; script: CallScript }) {
  const { t } = useI18n();
  const [greeting, introduction, askAddress, offerHelp] = script.opening;
  const greeted = useStep(call.id);
  const language = useStep(call.id);
  const address = useStep(call.id);

  const [chosenLanguage, setChosenLanguage] = useState<Language>((call.language as Language | null) ?? 'uk');
  const [languageNote, setLanguageNote] = useState('');
  const [formOfAddress, setFormOfAddress] = useState(call.formOfAddress ?? '');
  const languageRef = useRef<HTMLDivElement>(null);
  const addressRef = useRef<HTMLInputElement>(null);

  const markGreeted = () => greeted.mutate({ type: 'greeted' });
  const recordLanguage = () =>
    language.mutate({ type: 'language_recorded', language: chosenLanguage, ...(chosenLanguage === 'other' && languageNote.trim() ? { note: languageNote } : {}) });
  const recordAddress = () => address.mutate({ type: 'form_of_address_recorded', formOfAddress });

  useShortcut('greeted', greeted.isPending ? null : markGreeted);
  useShortcut('language', () => focusOn(languageRef.current?.querySelector<HTMLInputElement>('input:checked') ?? languageRef.current?.querySelector('input')));
  useShortcut('formOfAddress', () => focusOn(addressRef.current));

  return (
    <Section title={t.operator.opening.heading} hint={t.operator.opening.hint}>
      <Stack gap={6}>
        {greeting && <Say line={greeting} />}
        {introduction && <Say line={introduction} />}
        <Step shortcut="greeted" onClick={markGreeted} loading={greeted.isPending} variant={lastOf(call.timeline, 'greeted') ? 'default' : 'filled'} done={lastOf(call.timeline, 'greeted')} error={greeted.error}>
          {t.operator.opening.greeted}
        </Step>
      </Stack>

      <ScriptForm onSubmit={recordLanguage}>
        <Stack gap={6}>
          <Radio.Group
            ref={languageRef}
            label={<KeyLabel text={t.operator.opening.language} shortcut="language" />}
            description={t.operator.opening.languageHint}
            value={chosenLanguage}
            onChange={(value) => setChosenLanguage(value as Language)}
            aria-keyshortcuts={keysOf('language')}
          >
            <Group gap="md" mt={4}>
              {(['uk', 'en', 'other'] as const).map((key) => (
                <Radio key={key} value={key} label={t.operator.opening.languages[key]} />
              ))}
            </Group>
          </Radio.Group>
          {chosenLanguage === 'other' && (
            <TextInput
              label={t.operator.opening.languageNote}
              value={languageNote}
              onChange={(event) => setLanguageNote(event.currentTarget.value)}
              error={fieldError(language.error, 'note')}
            />
          )}
          <Step type="submit" variant={call.language ? 'default' : 'filled'} loading={language.isPending} done={lastOf(call.timeline, 'language_recorded')} error={language.error}>
            {t.operator.opening.recordLanguage}
          </Step>
        </Stack>
      </ScriptForm>

      {askAddress && <Say line={askAddress} />}
      <ScriptForm onSubmit={recordAddress}>
        <Stack gap={6}>
          <Group align="flex-end" gap="xs" wrap="wrap">
            <TextInput
              ref={addressRef}
              label={<KeyLabel text={t.operator.opening.formOfAddress} shortcut="formOfAddress" />}
              description={t.operator.opening.formOfAddressHint}
              placeholder={t.operator.opening.formOfAddressPlaceholder}
              value={formOfAddress}
              onChange={(event) => setFormOfAddress(event.currentTarget.value)}
              error={fieldError(address.error, 'formOfAddress')}
              aria-keyshortcuts={keysOf('formOfAddress')}
              autoComplete="off"
              style={{ flex: '1 1 240px' }}
            />
            <StepButton type="submit" loading={address.isPending} variant={call.formOfAddress ? 'default' : 'filled'}>
              {t.operator.opening.recordFormOfAddress}
            </StepButton>
          </Group>
          {call.formOfAddress && <Text size="sm" c="teal.9" fw={600}>✓ {t.operator.opening.formOfAddressUsed(call.formOfAddress)}</Text>}
          <ActionError error={address.error} />
        </Stack>
      </ScriptForm>
      {offerHelp && <Say line={offerHelp} />}
      <Text size="sm" c="dimmed">{t.operator.opening.courtesy(COURTESY_WORDS.map((word) => `«${word}»`).join(', '))}</Text>
    </Section>
  );
}
