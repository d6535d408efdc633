// H3: the rule by which Dovira calls back those nobody answered: on or off, after how long a wait,
// in which working hours; with a sentence saying what it does now. The server checks the values.
import { Button, Checkbox, Grid, Group, Paper, Stack, Switch, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { get, put } from '../../api.ts';
import { ErrorState, Loading } from '../../app/states.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { useServerErrors } from '../../admin/data.ts';
import { Done, FormRefusal } from '../../admin/parts.tsx';
import { daysText, RULE_KEY, type MissedCallRule } from './data.ts';

export function MissedCallRuleScreen() {
  const { t } = useI18n();
  const saved = useQuery({ queryKey: RULE_KEY, queryFn: ({ signal }) => get<MissedCallRule>('/settings/missed-call-rule', signal) });
  const words = t.supervisor.unanswered.rule;
  return (
    <Stack gap="md">
      <div>
        <Title order={1} size="h3">{words.title}</Title>
        <Text size="sm" c="dimmed" maw={760}>{words.intro}</Text>
      </div>
      {saved.isPending ? <Loading /> : saved.isError ? <ErrorState error={saved.error} onRetry={() => void saved.refetch()} /> : <RuleForm saved={saved.data} />}
    </Stack>
  );
}

interface Draft {
  enabled: boolean;
  minWaitSeconds: string;
  days: string[];
  opensAt: string;
  closesAt: string;
}

const draftOf = (rule: MissedCallRule): Draft => ({
  enabled: rule.enabled,
  minWaitSeconds: String(rule.minWaitSeconds),
  days: rule.businessHours.days.map(String),
  opensAt: rule.businessHours.opensAt,
  closesAt: rule.businessHours.closesAt,
});

/** What is sent: a number where one was typed, else the text as typed, for the server to name the field. */
function ruleOf(draft: Draft): MissedCallRule {
  const wait = draft.minWaitSeconds.trim();
  return {
    enabled: draft.enabled,
    minWaitSeconds: (/^-?\d{1,6}$/.test(wait) ? Number(wait) : wait) as number,
    businessHours: { days: draft.days.map(Number).sort((a, b) => a - b), opensAt: draft.opensAt.trim(), closesAt: draft.closesAt.trim() },
  };
}

const CLOCK = /^([01]\d|2[0-3]):[0-5]\d$/;
/** The draft when it would be accepted, for the sentence; else null and the sentence keeps the saved rule. */
function validDraft(draft: Draft): MissedCallRule | null {
  const rule = ruleOf(draft);
  const hours = rule.businessHours;
  const ok = typeof rule.minWaitSeconds === 'number' && rule.minWaitSeconds >= 0 && rule.minWaitSeconds <= 3600 && hours.days.length > 0
    && CLOCK.test(hours.opensAt) && CLOCK.test(hours.closesAt) && hours.opensAt < hours.closesAt;
  return ok ? rule : null;
}

function RuleForm({ saved }: { saved: MissedCallRule }) {
  const { t } = useI18n();
  const words = t.supervisor.unanswered.rule;
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<Draft>(() => draftOf(saved));
  const [savedNote, setSavedNote] = useState(false);
  const errors = useServerErrors();
  const save = useMutation({
    mutationFn: () => put<MissedCallRule>('/settings/missed-call-rule', ruleOf(draft)),
    onMutate: () => {
      errors.clear();
      setSavedNote(false);
    },
    onError: (error) => errors.fail(error),
    onSuccess: (rule) => {
      queryClient.setQueryData(RULE_KEY, rule);
      setDraft(draftOf(rule));
      setSavedNote(true);
    },
  });
  const change = (field: string, next: Partial<Draft>) => {
    setSavedNote(false);
    errors.edit(field);
    setDraft({ ...draft, ...next });
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };
  const shown = validDraft(draft) ?? saved;

  return (
    <Grid gap="md">
      <Grid.Col span={{ base: 12, lg: 7 }}>
        <Paper withBorder p="md" component="section" aria-label={words.title}>
          <form onSubmit={submit} noValidate>
            <Stack>
              <FormRefusal error={errors.error} title={words.refused} shownFields={['enabled', 'minWaitSeconds', 'days', 'opensAt', 'closesAt']} />
              <Switch
                label={words.enabled}
                checked={draft.enabled}
                onChange={(event) => change('enabled', { enabled: event.currentTarget.checked })}
                error={errors.field('enabled')}
              />
              <TextInput
                label={words.minWait}
                description={words.minWaitHint}
                inputMode="numeric"
                maxLength={6}
                autoComplete="off"
                w={{ base: '100%', sm: 360 }}
                value={draft.minWaitSeconds}
                error={errors.field('minWaitSeconds')}
                onChange={(event) => change('minWaitSeconds', { minWaitSeconds: event.currentTarget.value })}
              />
              <Checkbox.Group
                label={words.days}
                value={draft.days}
                onChange={(days) => change('days', { days })}
                error={errors.field('days')}
              >
                <Group gap="md" mt={6}>
                  {words.dayNames.map((name, index) => (
                    <Checkbox key={name} value={String(index + 1)} label={name} aria-label={words.dayLong[index]} />
                  ))}
                </Group>
              </Checkbox.Group>
              <div>
                <Group align="flex-start">
                  <TextInput
                    label={words.opensAt} placeholder="09:00" inputMode="numeric" maxLength={5} autoComplete="off" w={160}
                    value={draft.opensAt} error={errors.field('opensAt')}
                    onChange={(event) => change('opensAt', { opensAt: event.currentTarget.value })}
                  />
                  <TextInput
                    label={words.closesAt} placeholder="18:00" inputMode="numeric" maxLength={5} autoComplete="off" w={160}
                    value={draft.closesAt} error={errors.field('closesAt')}
                    onChange={(event) => change('closesAt', { closesAt: event.currentTarget.value })}
                  />
                </Group>
                <Text size="xs" c="dimmed" mt={4}>{words.hoursHint}</Text>
              </div>
              <Group>
                <Button type="submit" loading={save.isPending}>{words.save}</Button>
                <Done>{savedNote ? words.saved : ''}</Done>
              </Group>
            </Stack>
          </form>
        </Paper>
      </Grid.Col>
      <Grid.Col span={{ base: 12, lg: 5 }}>
        <Paper withBorder p="md" component="section" aria-labelledby="missed-rule-now">
          <Title order={2} size="h4" id="missed-rule-now" mb="xs">{words.now}</Title>
          <Text size="sm" aria-live="polite" data-missed-call-rule-sentence>
            {shown.enabled
              ? words.sentence(shown.minWaitSeconds, words.hours(shown.businessHours.opensAt, shown.businessHours.closesAt), daysText(shown.businessHours.days, words.dayNames))
              : words.off}
          </Text>
        </Paper>
      </Grid.Col>
    </Grid>
  );
}
