// 2. What the caller asks about (C1, C2): the topic, and — when the matter is outside the judiciary's
// powers — the polite explanation given, which the call records.
import { Checkbox, List, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { useRef, useState } from 'react';
import { CLARIFYING_PHRASES } from '../../../src/standard/phrases.ts';
import { useI18n } from '../i18n/index.tsx';
import { useStep } from './hooks.ts';
import { focusOn, keysOf, useShortcut } from './shortcuts.tsx';
import type { CallScript, CallView } from './types.ts';
import { ActionError, DoneMark, KeyLabel, Row, Say, ScriptForm, Section, StepButton, fieldError, lastOf } from './ui.tsx';

export function Topic({ call, script }: { call: CallView; script: CallScript }) {
  const { t } = useI18n();
  const step = useStep(call.id);
  const [topic, setTopic] = useState('');
  const [outside, setOutside] = useState(false);
  const [explanation, setExplanation] = useState('');
  const topicRef = useRef<HTMLInputElement>(null);
  useShortcut('topic', () => focusOn(topicRef.current));

  const recorded = lastOf(call.timeline, 'topic_recorded');
  const submit = () =>
    step.mutate({
      type: 'topic_recorded',
      topic,
      outsideJudiciary: outside,
      ...(outside ? { explanation } : {}),
    });

  return (
    <Section title={t.operator.topic.heading} hint={t.operator.topic.hint}>
      <Text size="sm" fw={600}>{t.operator.topic.clarifying}</Text>
      <List size="sm" spacing={2}>
        {CLARIFYING_PHRASES.map((phrase) => <List.Item key={phrase}>«{phrase}»</List.Item>)}
      </List>
      <ScriptForm onSubmit={submit}>
        <Stack gap={6}>
          <TextInput
            ref={topicRef}
            label={<KeyLabel text={t.operator.topic.topic} shortcut="topic" />}
            placeholder={t.operator.topic.topicPlaceholder}
            value={topic}
            onChange={(event) => setTopic(event.currentTarget.value)}
            error={fieldError(step.error, 'topic')}
            aria-keyshortcuts={keysOf('topic')}
            autoComplete="off"
          />
          <Checkbox
            label={t.operator.topic.outside}
            description={t.operator.topic.outsideHint}
            checked={outside}
            onChange={(event) => {
              const checked = event.currentTarget.checked;
              setOutside(checked);
              // Start from the recommended words; the operator edits them to what was said.
              if (checked && explanation === '') setExplanation(script.outsidePowers.text);
            }}
          />
          {outside && (
            <>
              <Say line={script.outsidePowers} />
              <Textarea
                label={t.operator.topic.explanation}
                value={explanation}
                onChange={(event) => setExplanation(event.currentTarget.value)}
                error={fieldError(step.error, 'explanation')}
                autosize
                minRows={2}
                maxRows={5}
              />
            </>
          )}
          <Row>
            <StepButton type="submit" loading={step.isPending} variant={recorded ? 'default' : 'filled'}>{t.operator.topic.record}</StepButton>
            <DoneMark event={recorded} />
          </Row>
          {recorded && typeof recorded.data.topic === 'string' && <Text size="sm">{t.operator.topic.recorded(recorded.data.topic)}</Text>}
          <ActionError error={step.error} />
        </Stack>
      </ScriptForm>
    </Section>
  );
}
