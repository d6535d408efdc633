// The operator's own appeals: the list of those they registered, newest first (the server lists an
// operator's own only), and one appeal's page with its card, forwarding (A3) and the call it came from.
import { Badge, Grid, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { ApiError, get } from '../../api.ts';
import { ForwardingPanel } from '../../appeals/ForwardingPanel.tsx';
import type { AppealDetail, AppealStatusKey } from '../../appeals/shared.ts';
import { Empty, ErrorState, Loading } from '../../app/states.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { AppealFacts } from '../../shared/AppealFacts.tsx';
import { AppLink } from '../../shared/AppLink.tsx';
import { PagedTable, usePagedList } from '../../shared/lists.tsx';

/** Where the appeal stands on its way to the competent body, in the forwarding panel's words. */
function ForwardingState({ status }: { status: AppealStatusKey }) {
  const { t } = useI18n();
  // The forwarding panel's colours, with text dark enough to read (WCAG AA).
  const colour = status === 'registered' ? 'orange' : status === 'resolved' ? 'gray' : status === 'answered' ? 'green' : 'blue';
  return (
    <Badge color={colour} c={colour === 'blue' ? 'blue.9' : 'dark.7'} variant="light" style={{ textTransform: 'none' }} data-forwarding={status}>
      {t.panels.forwarding.state[status]}
    </Badge>
  );
}

export function MyAppeals() {
  const { t, formatDateTime } = useI18n();
  const words = t.operator.myAppeals;
  const appeals = usePagedList<AppealDetail>({ queryKey: ['appeals', 'mine'], path: '/appeals', query: { limit: '25' } });
  return (
    <Stack gap="md">
      <div>
        <Title order={1} size="h3" id="my-appeals-title">{words.title}</Title>
        <Text size="sm" c="dimmed">{words.intro}</Text>
      </div>
      <Paper withBorder p="sm" radius="md">
        <PagedTable
          query={appeals}
          labelledBy="my-appeals-title"
          empty={{ title: words.empty, hint: words.emptyHint }}
          words={{ more: words.more }}
          minWidth={760}
          rowKey={(appeal) => appeal.id}
          rowProps={(appeal) => ({ 'data-appeal-id': appeal.id })}
          rowLink={(appeal) => `/operator/appeals/${appeal.id}`}
          columns={[
            { header: words.number, link: true, cell: (appeal) => appeal.registrationNumber },
            { header: words.registeredAt, cell: (appeal) => <Text size="sm">{formatDateTime(appeal.registeredAt)}</Text> },
            { header: t.common.appealFacts.applicant, cell: (appeal) => <Text size="sm">{`${appeal.applicant.surname} ${appeal.applicant.givenName} ${appeal.applicant.patronymic}`}</Text> },
            { header: words.status, cell: (appeal) => <Text size="sm">{t.panels.status[appeal.status]}</Text> },
            { header: words.forwarding, cell: (appeal) => <ForwardingState status={appeal.status} /> },
            {
              header: words.call,
              cell: (appeal) => (appeal.callId ? <AppLink to={`/operator/calls/${appeal.callId}`} size="sm">{words.openCall}</AppLink> : <Text size="sm" c="dimmed">{words.noCall}</Text>),
            },
          ]}
        />
      </Paper>
    </Stack>
  );
}

export function OperatorAppealPage({ params }: { params: Record<string, string> }) {
  const { t } = useI18n();
  const words = t.operator.myAppeals;
  const id = params.id ?? '';
  const appeal = useQuery({ queryKey: ['appeal', id], queryFn: ({ signal }) => get<AppealDetail>(`/appeals/${encodeURIComponent(id)}`, signal) });
  const back = <AppLink to="/operator/appeals" size="sm">{words.back}</AppLink>;
  if (appeal.isPending) return <Loading />;
  if (appeal.isError) {
    const missing = appeal.error instanceof ApiError && (appeal.error.status === 404 || appeal.error.status === 400);
    return <Stack>{back}{missing ? <Empty title={t.panels.forwarding.notFound} /> : <ErrorState error={appeal.error} onRetry={() => void appeal.refetch()} />}</Stack>;
  }
  const view = appeal.data;
  return (
    <Stack gap="md">
      {back}
      <Group gap="sm" align="center">
        <Title order={1} size="h3">{words.appealTitle(view.registrationNumber)}</Title>
        <ForwardingState status={view.status} />
      </Group>
      <Grid gap="md">
        <Grid.Col span={{ base: 12, lg: 6 }}>
          <Paper withBorder p="md" component="section" aria-label={words.appealTitle(view.registrationNumber)}>
            <AppealFacts appeal={view} labels={words} more={[[t.panels.appeal.lookupCode, view.lookupCode], [words.status, t.panels.status[view.status]]]} />
            <Text size="sm" mt="sm">
              {view.callId ? <AppLink to={`/operator/calls/${view.callId}`}>{words.openCall}</AppLink> : words.noCall}
            </Text>
          </Paper>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 6 }}>
          <Paper withBorder p="md">
            <ForwardingPanel appealId={view.id} />
          </Paper>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
