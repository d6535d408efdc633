// A3: forwarding a registered appeal to the competent judicial body the same day, and telling the
// applicant. Shows where the appeal stands: not yet forwarded (with today's deadline), forwarded
// (to whom, when, the letter), received by the body, answered.
import { Alert, Anchor, Badge, Button, Group, List, NativeSelect, Paper, Stack, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { ApiError, get, post } from '../api.ts';
import { ErrorState, Loading, errorText } from '../app/states.tsx';
import { useI18n } from '../i18n/index.tsx';
import { freeText } from '../../../src/http/fields.ts';
import { REGIONS, type RegionCode } from '../../../src/courts/kinds.ts';
import type { ForwardingView } from '../../../src/forwarding/view.ts';
import { READABLE_ALERT, READABLE_ERRORS, kyivToday, newIdempotencyKey, useFormatDay, type AppealDetail, type AppealStatusKey } from './shared.ts';

interface BodyChoice {
  id: string;
  name: string;
  email: string | null;
}

interface Suggestion {
  judicialBody: BodyChoice & { code: string; kindLabel: string | null; regionLabel: string | null; address: string | null; isDemo: boolean };
  score: number;
  reasons: string[];
}

interface Suggestions {
  region: { code: RegionCode; label: string; source: 'residence' | 'chosen' } | null;
  hint: string | null;
  /** The region's bodies first, then the national ones the appeal points to. */
  items: Suggestion[];
  /** The other national bodies, folded at the end. */
  national: Suggestion[];
}

/**
 * The line under a body's name: its kind, region and address, leaving out what only repeats the name
 * (the kind of «Верховний Суд» is «Верховний Суд»).
 */
function bodyDetails(body: { name: string; kindLabel: string | null; regionLabel: string | null; address?: string | null }): string {
  const name = body.name.toLocaleLowerCase('uk');
  return [body.kindLabel, body.regionLabel, body.address ?? null]
    .filter((part): part is string => Boolean(part) && !name.includes(part!.toLocaleLowerCase('uk')))
    .join(' · ');
}

interface DirectoryBody extends BodyChoice {
  code: string;
  kindLabel: string | null;
  regionLabel: string | null;
  judiciary: boolean | null;
  isDemo: boolean;
}

type Forwarding = ForwardingView;

type Channel = 'during_call' | 'sms' | 'email';
type NoticeStatus = 'recorded' | 'sent' | 'queued';

interface Notice {
  id: string;
  channel: Channel;
  informedAt: string;
  status: NoticeStatus;
}

// The same rule the server applies to the reason (src/forwarding/routes.ts).
const reasonRule = freeText(1000, 'Підстава направлення');
const FORWARDED: readonly AppealStatusKey[] = ['forwarded', 'acknowledged', 'answered'];

/**
 * `showRegistration` repeats the registration number and the applicant's lookup code on top, for a
 * place that shows the panel without the appeal form's own confirmation beside it.
 */
export function ForwardingPanel({ appealId, showRegistration = false }: { appealId: string; showRegistration?: boolean }) {
  const { t } = useI18n();
  const appeal = useQuery({ queryKey: ['appeal', appealId], queryFn: () => get<AppealDetail>(`/appeals/${appealId}`) });
  let content;
  if (appeal.isPending) content = <Loading />;
  else if (appeal.isError) {
    const notFound = appeal.error instanceof ApiError && appeal.error.status === 404;
    content = <ErrorState error={notFound ? new Error(t.panels.forwarding.notFound) : appeal.error} onRetry={notFound ? undefined : () => void appeal.refetch()} />;
  } else {
    const status = appeal.data.status;
    content = (
      <>
        {showRegistration && <RegistrationLine appeal={appeal.data} />}
        <Progress status={status} />
        {status === 'registered' && <ForwardChooser appeal={appeal.data} />}
        {status === 'resolved' && <Alert color="gray">{t.panels.forwarding.state.resolved}</Alert>}
        {FORWARDED.includes(status) && (
          <>
            <ForwardedDetails appealId={appealId} />
            <InformApplicant appeal={appeal.data} />
          </>
        )}
      </>
    );
  }
  return (
    <section aria-labelledby={`forwarding-title-${appealId}`} style={READABLE_ERRORS}>
      <Stack gap="sm">
        <div>
          <Title order={2} size="h4" id={`forwarding-title-${appealId}`}>{t.panels.forwarding.title}</Title>
          <Text size="sm" c="dimmed">{t.panels.forwarding.intro}</Text>
        </div>
        {content}
      </Stack>
    </section>
  );
}

function RegistrationLine({ appeal }: { appeal: AppealDetail }) {
  const { t } = useI18n();
  return (
    <Paper withBorder p="xs" radius="md" bg="gray.0">
      <Group gap="lg" align="flex-start">
        <div>
          <Text size="xs" c="dimmed">{t.panels.appeal.registrationNumber}</Text>
          <Text fw={700} data-testid="registration-number">{appeal.registrationNumber}</Text>
        </div>
        <div>
          <Text size="xs" c="dimmed">{t.panels.appeal.lookupCode}</Text>
          <Text fw={600} ff="monospace" data-testid="lookup-code">{appeal.lookupCode}</Text>
        </div>
      </Group>
      <Text size="xs" mt={4}>{t.panels.appeal.lookupHint}</Text>
    </Paper>
  );
}

/** Where the appeal stands on its way: registered → forwarded → received → answered. */
function Progress({ status }: { status: AppealStatusKey }) {
  const { t } = useI18n();
  if (status === 'resolved') return null;
  const steps = ['registered', 'forwarded', 'acknowledged', 'answered'] as const;
  const reached = steps.indexOf(status as (typeof steps)[number]);
  const stateColor = status === 'registered' ? 'orange' : status === 'answered' ? 'green' : 'blue';
  return (
    <Stack gap={6}>
      <Group gap="xs">
        <Badge color={stateColor} c={stateColor === 'blue' ? 'blue.9' : 'dark.7'} variant="light" data-testid="forwarding-state">
          {t.panels.forwarding.state[status]}
        </Badge>
      </Group>
      <Group component="ol" gap={4} wrap="wrap" aria-label={t.panels.forwarding.stepsLabel} style={{ listStyle: 'none', padding: 0, margin: 0 }}>
        {steps.map((step, index) => (
          <Group component="li" key={step} gap={4} wrap="nowrap" aria-current={index === reached ? 'step' : undefined}>
            {index > 0 && <Text span size="xs" c="dimmed" aria-hidden>→</Text>}
            <Text span size="xs" fw={index === reached ? 700 : 400} c={index <= reached ? undefined : 'dimmed'}>
              {index <= reached ? '✓ ' : ''}{t.panels.forwarding.steps[step]}
            </Text>
          </Group>
        ))}
      </Group>
    </Stack>
  );
}

function ForwardChooser({ appeal }: { appeal: AppealDetail }) {
  const { t } = useI18n();
  const formatDay = useFormatDay();
  const [region, setRegion] = useState<RegionCode | ''>('');
  const [chosen, setChosen] = useState<BodyChoice | null>(null);
  const suggestions = useQuery({
    queryKey: ['appeal', appeal.id, 'forwarding-suggestions', region],
    queryFn: () => get<Suggestions>(`/appeals/${appeal.id}/forwarding-suggestions${region ? `?region=${region}` : ''}`),
  });
  const sameDay = appeal.dueDates.forwardingSameDay!;
  const late = kyivToday() > sameDay;
  const shownRegion = region || suggestions.data?.region?.code || '';

  return (
    <Stack gap="sm">
      <Alert color={late ? 'red' : 'orange'} p="xs" data-testid="forwarding-deadline">
        <Text size="sm" fw={600}>{late ? t.panels.forwarding.lateSameDay(formatDay(sameDay)) : t.panels.forwarding.dueToday(formatDay(sameDay))}</Text>
        <Text size="sm">{t.panels.forwarding.byLaw(formatDay(appeal.dueDates.forwardingByLaw!))}</Text>
      </Alert>
      {chosen ? (
        <ForwardConfirm appealId={appeal.id} body={chosen} onChangeChoice={() => setChosen(null)} />
      ) : (
        <>
          <Title order={3} size="h5">{t.panels.forwarding.suggestions}</Title>
          <NativeSelect
            label={t.panels.forwarding.region}
            description={suggestions.data?.region?.source === 'residence' ? t.panels.forwarding.regionFromResidence(suggestions.data.region.label) : suggestions.data?.hint ?? undefined}
            value={shownRegion}
            onChange={(event) => setRegion(event.currentTarget.value as RegionCode | '')}
            data={[{ value: '', label: t.panels.forwarding.regionAny }, ...Object.entries(REGIONS).map(([value, label]) => ({ value, label }))]}
          />
          {suggestions.isPending && <Loading />}
          {suggestions.isError && <ErrorState error={suggestions.error} onRetry={() => void suggestions.refetch()} />}
          {suggestions.data?.region && suggestions.data.items.length === 0 && <Text size="sm">{t.panels.forwarding.noSuggestions}</Text>}
          {suggestions.data && suggestions.data.items.length > 0 && (
            <SuggestionList items={suggestions.data.items} label={t.panels.forwarding.suggestions} onChoose={setChosen} />
          )}
          {suggestions.data && suggestions.data.national.length > 0 && (
            <details data-testid="national-bodies">
              <summary style={{ cursor: 'pointer' }}>
                <Text span size="sm" fw={600}>{t.panels.forwarding.national(suggestions.data.national.length)}</Text>
              </summary>
              <Text size="xs" c="dimmed" my={4}>{t.panels.forwarding.nationalHint}</Text>
              <SuggestionList items={suggestions.data.national} label={t.panels.forwarding.nationalLabel} onChoose={setChosen} />
            </details>
          )}
          <DirectorySearch onChoose={setChosen} />
        </>
      )}
    </Stack>
  );
}

function SuggestionList({ items, label, onChoose }: { items: Suggestion[]; label: string; onChoose: (body: BodyChoice) => void }) {
  const { t } = useI18n();
  return (
    <Stack gap="xs" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }} aria-label={label}>
      {items.map((item) => {
        const details = bodyDetails(item.judicialBody);
        return (
          <Paper component="li" withBorder p="xs" key={item.judicialBody.id}>
            <Group justify="space-between" wrap="nowrap" align="flex-start">
              <div style={{ flex: 1, minWidth: 0 }}>
                <Text size="sm" fw={600}>
                  {item.judicialBody.name} {item.judicialBody.isDemo && <Badge size="xs" color="gray" c="gray.9" variant="light">{t.panels.forwarding.demo}</Badge>}
                </Text>
                {details && <Text size="xs" c="dimmed">{details}</Text>}
                {item.reasons.length > 0 && (
                  <List size="xs" spacing={0} mt={2}>
                    {item.reasons.map((reason) => <List.Item key={reason}>{reason}</List.Item>)}
                  </List>
                )}
              </div>
              <Button size="xs" variant="light" style={{ flexShrink: 0 }} aria-label={t.panels.forwarding.chooseNamed(item.judicialBody.name)} onClick={() => onChoose(item.judicialBody)}>
                {t.panels.forwarding.choose}
              </Button>
            </Group>
          </Paper>
        );
      })}
    </Stack>
  );
}

/** The fallback: any body of the judiciary from the directory. */
function DirectorySearch({ onChoose }: { onChoose: (body: BodyChoice) => void }) {
  const { t } = useI18n();
  const [query, setQuery] = useState('');
  const [settled] = useDebouncedValue(query.trim(), 300);
  const found = useQuery({
    queryKey: ['judicial-bodies', 'forwarding-search', settled],
    queryFn: () => get<{ items: DirectoryBody[] }>(`/judicial-bodies?limit=10&q=${encodeURIComponent(settled)}`),
    enabled: settled.length > 0,
  });
  return (
    <Stack gap="xs">
      <TextInput
        label={t.panels.forwarding.search}
        description={t.panels.forwarding.searchHint}
        type="search"
        value={query}
        onChange={(event) => setQuery(event.currentTarget.value)}
      />
      {settled && found.isPending && <Loading />}
      {found.isError && <ErrorState error={found.error} onRetry={() => void found.refetch()} />}
      {settled && found.data?.items.length === 0 && <Text size="sm">{t.panels.forwarding.searchNothing(settled)}</Text>}
      {settled && found.data && found.data.items.length > 0 && (
        <Stack gap={4} component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }} aria-label={t.panels.forwarding.searchResults}>
          {found.data.items.map((body) => (
            <Paper component="li" withBorder p="xs" key={body.id}>
              <Group justify="space-between" wrap="nowrap">
                <div style={{ flex: 1, minWidth: 0 }}>
                  <Text size="sm" fw={600}>{body.name}</Text>
                  <Text size="xs" c="dimmed">{bodyDetails(body)}</Text>
                  {body.judiciary === false && <Text size="xs">{t.panels.forwarding.notJudiciary}</Text>}
                </div>
                {body.judiciary !== false && (
                  <Button size="xs" variant="default" style={{ flexShrink: 0 }} aria-label={t.panels.forwarding.chooseNamed(body.name)} onClick={() => onChoose(body)}>
                    {t.panels.forwarding.choose}
                  </Button>
                )}
              </Group>
            </Paper>
          ))}
        </Stack>
      )}
    </Stack>
  );
}

function ForwardConfirm({ appealId, body, onChangeChoice }: { appealId: string; body: BodyChoice; onChangeChoice: () => void }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [reason, setReason] = useState(t.panels.forwarding.defaultReason);
  const [reasonError, setReasonError] = useState<string | undefined>();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const reasonRef = useRef<HTMLTextAreaElement>(null);
  // One key per chosen body: a retry after a lost answer cannot forward twice.
  const [idempotencyKey] = useState(() => newIdempotencyKey('forward'));
  useEffect(() => {
    headingRef.current?.focus();
  }, []);
  const forward = useMutation({
    mutationFn: (checkedReason: string) => post<Forwarding>(`/appeals/${appealId}/forward`, { judicialBodyId: body.id, reason: checkedReason }, idempotencyKey),
    onSuccess: (forwarding) => {
      queryClient.setQueryData(['appeal', appealId, 'forwarding'], forwarding);
      void queryClient.invalidateQueries({ queryKey: ['appeal', appealId] });
      void queryClient.invalidateQueries({ queryKey: ['appeals'] });
      void queryClient.invalidateQueries({ queryKey: ['forwarding-due'] });
    },
    onError: (error) => {
      // The appeal has moved on meanwhile (forwarded from another screen): show it as it is now.
      if (error instanceof ApiError && error.code === 'status-transition') void queryClient.invalidateQueries({ queryKey: ['appeal', appealId] });
      const message = error instanceof ApiError ? error.fieldMessage('reason') : undefined;
      if (message) {
        setReasonError(message);
        reasonRef.current?.focus();
      }
    },
  });
  const submit = () => {
    const checked = reasonRule.safeParse(reason);
    if (!checked.success) {
      setReasonError(checked.error.issues[0]?.message);
      reasonRef.current?.focus();
      return;
    }
    setReasonError(undefined);
    forward.mutate(checked.data);
  };
  return (
    <Paper withBorder p="sm" radius="md">
      <Stack gap="xs">
        <Text size="xs" c="dimmed">{t.panels.forwarding.chosen}</Text>
        <Title order={3} size="h5" ref={headingRef} tabIndex={-1}>{body.name}</Title>
        {!body.email && <Alert color="yellow" p="xs">{t.panels.forwarding.noBodyEmail}</Alert>}
        <Textarea
          ref={reasonRef}
          label={t.panels.forwarding.reason}
          required
          autosize
          minRows={2}
          maxRows={6}
          value={reason}
          onChange={(event) => setReason(event.currentTarget.value)}
          error={reasonError}
        />
        {forward.isError && (
          <Alert color="red" title={t.panels.forwarding.failedTitle} styles={READABLE_ALERT} role="alert">
            <Text size="sm">{errorText(forward.error)}</Text>
          </Alert>
        )}
        <Group gap="xs">
          <Button onClick={submit} loading={forward.isPending} aria-label={t.panels.forwarding.forwardTo(body.name)}>{t.panels.forwarding.forward}</Button>
          <Button variant="default" onClick={onChangeChoice} disabled={forward.isPending}>{t.panels.forwarding.changeChoice}</Button>
        </Group>
      </Stack>
    </Paper>
  );
}

function ForwardedDetails({ appealId }: { appealId: string }) {
  const { t, formatDateTime } = useI18n();
  const formatDay = useFormatDay();
  const forwarding = useQuery({ queryKey: ['appeal', appealId, 'forwarding'], queryFn: () => get<Forwarding>(`/appeals/${appealId}/forwarding`) });
  if (forwarding.isPending) return <Loading />;
  if (forwarding.isError) return <ErrorState error={forwarding.error} onRetry={() => void forwarding.refetch()} />;
  const f = forwarding.data;
  const row = (term: string, value: ReactNode, testId?: string) => (
    <>
      <Text component="dt" size="xs" c="dimmed" mt={6}>{term}</Text>
      <Text component="dd" size="sm" m={0} data-testid={testId}>{value}</Text>
    </>
  );
  return (
    <Paper withBorder p="sm" radius="md" data-testid="forwarding-details">
      <Stack gap="xs">
        <dl style={{ margin: 0 }}>
          {row(t.panels.forwarding.forwardedTo, f.judicialBody.name, 'forwarded-to')}
          {row(t.panels.forwarding.forwardedAt, formatDateTime(f.forwardedAt))}
          {f.acknowledgedAt && row(t.panels.forwarding.acknowledgedAt, formatDateTime(f.acknowledgedAt))}
          {f.answeredAt && row(t.panels.forwarding.answeredAt, formatDateTime(f.answeredAt))}
          {f.answerSummary && row(t.panels.forwarding.answer, f.answerSummary)}
        </dl>
        <Group gap="xs">
          <Badge color={f.forwardingDeadlines.sameDayMet ? 'green' : 'red'} c="dark.7" variant="light">
            {f.forwardingDeadlines.sameDayMet ? t.panels.forwarding.sameDayMet : t.panels.forwarding.sameDayMissed}
          </Badge>
        </Group>
        <Anchor href={f.letterUrl} target="_blank" rel="noopener" size="sm" fw={600}>{t.panels.forwarding.letter}</Anchor>
        {!f.judicialBody.email && <Alert color="yellow" p="xs">{t.panels.forwarding.noBodyEmail}</Alert>}
        {!f.answeredAt && <Text size="sm">{t.panels.forwarding.consideration(formatDay(f.consideration.oneMonth), formatDay(f.consideration.extendedDeadline))}</Text>}
        {f.overdue && <Alert color="red" p="xs">{t.panels.forwarding.overdue}</Alert>}
      </Stack>
    </Paper>
  );
}

function InformApplicant({ appeal }: { appeal: AppealDetail }) {
  const { t, formatDateTime } = useI18n();
  const queryClient = useQueryClient();
  // One key per channel until it succeeds: a retry after a lost answer sends no second SMS or letter,
  // while telling the applicant again later is a new request.
  const [keys, setKeys] = useState<Record<Channel, string>>(() => ({
    during_call: newIdempotencyKey('inform'), sms: newIdempotencyKey('inform'), email: newIdempotencyKey('inform'),
  }));
  const inform = useMutation({
    mutationFn: (channel: Channel) => post<Notice>(`/appeals/${appeal.id}/applicant-informed`, { channel }, keys[channel]),
    onSuccess: (_notice, channel) => {
      setKeys((current) => ({ ...current, [channel]: newIdempotencyKey('inform') }));
      void queryClient.invalidateQueries({ queryKey: ['appeal', appeal.id] });
    },
  });
  const notices = (appeal.history ?? []).filter((entry) => entry.action === 'applicant_informed');
  const channelText = (channel: unknown) => t.panels.forwarding.channel[channel as Channel] ?? String(channel);
  const statusText = (status: unknown) => t.panels.forwarding.noticeStatus[status as NoticeStatus] ?? String(status);
  return (
    <Stack gap="xs">
      <Title order={3} size="h5">{t.panels.forwarding.inform}</Title>
      <Text size="sm" c="dimmed">{t.panels.forwarding.informHint}</Text>
      <Group gap="xs">
        <Button size="xs" variant="light" onClick={() => inform.mutate('during_call')} loading={inform.isPending && inform.variables === 'during_call'} disabled={inform.isPending}>
          {t.panels.forwarding.toldDuringCall}
        </Button>
        <Button size="xs" variant="default" onClick={() => inform.mutate('sms')} loading={inform.isPending && inform.variables === 'sms'} disabled={inform.isPending}>
          {t.panels.forwarding.sendSms}
        </Button>
        <Button size="xs" variant="default" onClick={() => inform.mutate('email')} loading={inform.isPending && inform.variables === 'email'} disabled={inform.isPending || !appeal.applicant.email}>
          {t.panels.forwarding.sendEmail}
        </Button>
      </Group>
      {!appeal.applicant.email && <Text size="xs" c="dimmed">{t.panels.forwarding.noApplicantEmail}</Text>}
      <div aria-live="polite">
        {inform.isError && (
          <Alert color="red" title={t.panels.forwarding.informFailed} styles={READABLE_ALERT} p="xs" role="alert">
            <Text size="sm">{errorText(inform.error)}</Text>
          </Alert>
        )}
        {inform.isSuccess && (
          <Alert color="green" p="xs">{t.panels.forwarding.informDone(channelText(inform.data.channel), statusText(inform.data.status))}</Alert>
        )}
      </div>
      <Text size="xs" fw={600}>{t.panels.forwarding.informed}</Text>
      {notices.length === 0 ? (
        <Text size="sm">{t.panels.forwarding.noticeNone}</Text>
      ) : (
        <List size="sm" spacing={2}>
          {notices.map((notice) => (
            <List.Item key={`${notice.at}-${String(notice.changes.noticeId)}`}>
              {t.panels.forwarding.noticeLine(channelText(notice.changes.channel), formatDateTime(notice.at), statusText(notice.changes.status))}
            </List.Item>
          ))}
        </List>
      )}
    </Stack>
  );
}
