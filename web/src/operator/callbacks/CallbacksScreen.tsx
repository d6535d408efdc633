// H3: the operator's callbacks. Left, the queue they may work (assigned to them and the shared one),
// the most urgent first; right, the callback chosen, with what can be done with it now. The chosen
// callback is in the address (/operator/callbacks/:id), so a reload or an alert's link lands on it.
import { Anchor, Checkbox, Grid, Group, NativeSelect, Paper, Stack, Text, Title } from '@mantine/core';
import { useId, useState, type MouseEvent } from 'react';
import { navigate } from '../../app/router.ts';
import { useMe } from '../../app/session.ts';
import { Empty } from '../../app/states.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { PagedList } from '../../shared/lists.tsx';
import { displayPhone } from '../../shared/phone.ts';
import { Tag } from '../../shared/Tag.tsx';
import { OperatorCallbackAlerts } from './alerts.tsx';
import { CallbackPanel } from './CallbackPanel.tsx';
import { useCallbackList } from './hooks.ts';
import { MyRatings } from './MyRatings.tsx';
import { queueOf, stateOf, unansweredOriginOf } from './words.ts';
import type { DueView } from './types.ts';

const VIEWS: DueView[] = ['all', 'overdue', 'today'];

/** ?due=overdue (the workspace's reminder links there) picks the view the screen opens with. */
function initialView(): DueView {
  const asked = new URLSearchParams(location.search).get('due');
  return VIEWS.find((view) => view === asked) ?? 'all';
}

export function CallbacksScreen({ params }: { params: Record<string, string> }) {
  const { t } = useI18n();
  const words = t.operator.callbacks;
  const selected = params.id;
  return (
    <Stack gap="sm">
      <OperatorCallbackAlerts />
      <Group justify="space-between" align="flex-start" wrap="wrap" gap="sm">
        <div style={{ flex: '1 1 420px', minWidth: 0 }}>
          <Title order={1} size="h3">{words.title}</Title>
          <Text size="sm" c="dimmed">{words.intro}</Text>
        </div>
        <MyRatings />
      </Group>
      <Grid gap="sm">
        <Grid.Col span={{ base: 12, lg: 5 }}>
          <CallbackList selectedId={selected} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 7 }}>
          {selected ? (
            <CallbackPanel key={selected} id={selected} />
          ) : (
            <Paper withBorder p="sm" radius="md">
              <Empty title={words.selectTitle} hint={words.selectHint} />
            </Paper>
          )}
        </Grid.Col>
      </Grid>
    </Stack>
  );
}

function CallbackList({ selectedId }: { selectedId: string | undefined }) {
  const { t, formatDateTime, formatTime } = useI18n();
  const words = t.operator.callbacks;
  const headingId = useId();
  const me = useMe().data?.id;
  const [view, setView] = useState<DueView>(initialView);
  const [mine, setMine] = useState(false);
  const list = useCallbackList(view, mine);

  const open = (event: MouseEvent<HTMLAnchorElement>, id: string) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(`/operator/callbacks/${id}`);
  };

  return (
    <Paper withBorder p="sm" radius="md" component="section" aria-labelledby={headingId}>
      <Stack gap="xs">
        <Title order={2} size="h5" id={headingId}>{words.listHeading}</Title>
        <Group gap="sm" align="flex-end" wrap="wrap">
          <NativeSelect
            label={words.show}
            value={view}
            onChange={(event) => setView(event.currentTarget.value as DueView)}
            data={VIEWS.map((value) => ({ value, label: words.views[value] }))}
            w={200}
          />
          <Checkbox label={words.mineOnly} checked={mine} onChange={(event) => setMine(event.currentTarget.checked)} mb={8} />
        </Group>
        <PagedList
          query={list}
          errorTitle={words.loadError}
          empty={{ title: words.emptyTitle[view], hint: mine ? `${words.emptyHint} ${words.emptyMineHint}` : words.emptyHint }}
          words={{ more: words.more, shown: words.shown, end: words.end }}
          buttonSize="xs"
          moreSpacing={0}
        >
          {(items) => (
            <Stack component="ul" gap={6} m={0} p={0} style={{ listStyle: 'none' }} aria-labelledby={headingId}>
              {items.map((callback) => {
                const current = callback.id === selectedId;
                return (
                  <Paper
                    component="li"
                    key={callback.id}
                    withBorder
                    p="xs"
                    radius="sm"
                    bg={current ? 'blue.0' : undefined}
                    style={current ? { borderColor: 'var(--mantine-color-blue-8)' } : undefined}
                    data-callback-id={callback.id}
                  >
                    <Group gap={8} wrap="wrap">
                      {callback.overdue && <Tag size="md" color="red.9">{words.overdue}</Tag>}
                      <Anchor
                        href={`/operator/callbacks/${callback.id}`}
                        onClick={(event) => open(event, callback.id)}
                        aria-current={current ? 'page' : undefined}
                        fw={700}
                        size="sm"
                      >
                        {displayPhone(callback.phone)} · {words.due(formatDateTime(callback.dueAt))}
                      </Anchor>
                    </Group>
                    {callback.unansweredCall && (
                      <Text size="sm" fw={600} c="red.9" data-unanswered-origin>{unansweredOriginOf(t, callback, formatTime)}</Text>
                    )}
                    <Text size="sm" lineClamp={2}>{callback.reason}</Text>
                    <Text size="xs" c="dimmed">
                      {queueOf(t, callback, me)} · {stateOf(t, callback, me)}
                      {callback.attemptCount > 0 ? ` · ${words.attempts(callback.attemptCount)}` : ''}
                    </Text>
                  </Paper>
                );
              })}
            </Stack>
          )}
        </PagedList>
      </Stack>
    </Paper>
  );
}
