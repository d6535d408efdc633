// API tokens of one machine user (a PBX): issue one until a chosen day and see its secret exactly
// once, list them with their expiry, revoke one. The secret lives only in this component's state,
// never in a cache. People get no tokens: the panel is shown for `pbx` users only (UserDetail).
import { Button, Group, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { del, get, post } from '../api.ts';
import { useI18n } from '../i18n/index.tsx';
import { ListTable } from '../shared/lists.tsx';
import { kyivDayStart } from './AdminAudit.tsx';
import { keys, useServerErrors, type AdminUser, type ApiToken } from './data.ts';
import { ConfirmDialog, Done, FormRefusal, StateBadge } from './parts.tsx';
import { SecretShownOnce } from './SecretShownOnce.tsx';

interface IssuedToken {
  id: string;
  name: string;
  expiresAt: string;
  token: string;
}

const DAY_MS = 24 * 3_600_000;
const kyivDate = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Kyiv' });
/** A Kyiv calendar day ('YYYY-MM-DD') `days` from today. */
const kyivDayFromToday = (days: number) => kyivDate.format(new Date(Date.now() + days * DAY_MS));
/** A year by default; the server takes at most 730 days, and the chosen day lasts to its end. */
const DEFAULT_DAYS = 365;
const LAST_DAY = 729;

export function ApiTokens({ user }: { user: AdminUser }) {
  const { t, formatDateTime } = useI18n();
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [validUntil, setValidUntil] = useState(() => kyivDayFromToday(DEFAULT_DAYS));
  const [issued, setIssued] = useState<IssuedToken | null>(null);
  const [toRevoke, setToRevoke] = useState<ApiToken | null>(null);
  const [revokedNote, setRevokedNote] = useState('');
  const errors = useServerErrors();
  const [nameMissing, setNameMissing] = useState(false);
  const [dateMissing, setDateMissing] = useState(false);

  const tokens = useQuery({
    queryKey: keys.tokens(user.id),
    queryFn: ({ signal }) => get<{ items: ApiToken[] }>(`/users/${user.id}/api-tokens`, signal),
  });
  const create = useMutation({
    // Valid through the whole chosen day, Kyiv time: to its last second.
    mutationFn: () => post<IssuedToken>(`/users/${user.id}/api-tokens`, {
      name: name.trim(),
      expiresAt: new Date(new Date(kyivDayStart(validUntil, 1)).getTime() - 1000).toISOString(),
    }),
    onMutate: () => {
      errors.clear();
      setRevokedNote('');
    },
    onError: (error) => errors.fail(error),
    onSuccess: (created) => {
      setIssued(created);
      setName('');
      void queryClient.invalidateQueries({ queryKey: keys.tokens(user.id) });
    },
  });
  const revoke = useMutation({
    mutationFn: (token: ApiToken) => del(`/api-tokens/${token.id}`),
    onSuccess: () => {
      setToRevoke(null);
      setRevokedNote(t.admin.tokens.revoked);
      void queryClient.invalidateQueries({ queryKey: keys.tokens(user.id) });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const missingName = !name.trim();
    const missingDate = !/^\d{4}-\d{2}-\d{2}$/.test(validUntil);
    setNameMissing(missingName);
    setDateMissing(missingDate);
    if (missingName || missingDate) return;
    create.mutate();
  };

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="api-tokens-title">
      <Title order={2} size="h4" id="api-tokens-title">{t.admin.tokens.title}</Title>
      <Text size="sm" c="dimmed" mb="sm" maw={760}>{t.admin.tokens.intro}</Text>
      <Stack>
        {issued && (
          <SecretShownOnce
            title={t.admin.tokens.secretTitle(issued.name)}
            label={t.admin.tokens.secretLabel}
            secret={issued.token}
            words={t.admin.tokens}
            onDone={() => setIssued(null)}
            marker="data-token-secret"
          >
            <Text size="sm">{t.admin.tokens.secretWarning}</Text>
            <Text size="sm">{t.admin.tokens.secretExpires(formatDateTime(issued.expiresAt))}</Text>
          </SecretShownOnce>
        )}
        <form onSubmit={submit} noValidate>
          <Stack gap="xs">
            <FormRefusal error={errors.error} shownFields={['name', 'expiresAt']} />
            <TextInput
              label={t.admin.tokens.name}
              description={t.admin.tokens.nameHint}
              autoComplete="off"
              value={name}
              onChange={(event) => {
                setNameMissing(false);
                errors.edit('name');
                setName(event.currentTarget.value);
              }}
              error={nameMissing ? t.admin.tokens.nameRequired : errors.field('name')}
              maw={420}
            />
            <TextInput
              type="date"
              label={t.admin.tokens.validUntil}
              description={t.admin.tokens.validUntilHint}
              value={validUntil}
              min={kyivDayFromToday(0)}
              max={kyivDayFromToday(LAST_DAY)}
              onChange={(event) => {
                setDateMissing(false);
                errors.edit('expiresAt');
                setValidUntil(event.currentTarget.value);
              }}
              error={dateMissing ? t.admin.tokens.validUntilRequired : errors.field('expiresAt')}
              maw={240}
            />
            <Group>
              <Button type="submit" loading={create.isPending}>{t.admin.tokens.create}</Button>
            </Group>
          </Stack>
        </form>
        <Done>{revokedNote}</Done>
        <ListTable
          query={tokens}
          rows={tokens.data?.items ?? []}
          loadingLabel={t.admin.tokens.loading}
          empty={{ title: t.admin.tokens.empty, hint: t.admin.tokens.emptyHint }}
          minWidth={700}
          verticalSpacing="xs"
          striped={false}
          highlightOnHover={false}
          caption={t.admin.tokens.caption}
          rowKey={(token) => token.id}
          columns={[
            { header: t.admin.tokens.columns.name, cell: (token) => token.name },
            { header: t.admin.tokens.columns.createdAt, cell: (token) => formatDateTime(token.createdAt) },
            { header: t.admin.tokens.columns.expiresAt, cell: (token) => formatDateTime(token.expiresAt) },
            { header: t.admin.tokens.columns.lastUsedAt, cell: (token) => (token.lastUsedAt ? formatDateTime(token.lastUsedAt) : <Text size="sm" c="dimmed">{t.admin.tokens.never}</Text>) },
            {
              header: t.admin.tokens.columns.state,
              cell: (token) => (token.revokedAt
                ? <StateBadge tone="neutral">{t.admin.tokens.revokedAt(formatDateTime(token.revokedAt))}</StateBadge>
                : new Date(token.expiresAt).getTime() <= Date.now()
                  ? <StateBadge tone="bad">{t.admin.tokens.expired}</StateBadge>
                  : <StateBadge tone="good">{t.admin.tokens.valid}</StateBadge>),
            },
            {
              header: t.admin.tokens.columns.actions,
              cell: (token) => !token.revokedAt && new Date(token.expiresAt).getTime() > Date.now() && (
                <Button size="xs" variant="light" color="red" aria-label={t.admin.tokens.revokeNamed(token.name)} onClick={() => {
                  revoke.reset();
                  setToRevoke(token);
                }}>
                  {t.admin.tokens.revoke}
                </Button>
              ),
            },
          ]}
        />
      </Stack>
      <ConfirmDialog
        opened={toRevoke !== null}
        title={t.admin.tokens.confirmTitle}
        text={toRevoke ? t.admin.tokens.confirmText(toRevoke.name) : ''}
        confirmLabel={t.admin.tokens.confirm}
        onConfirm={() => toRevoke && revoke.mutate(toRevoke)}
        onClose={() => setToRevoke(null)}
        pending={revoke.isPending}
        error={revoke.error}
      />
    </Paper>
  );
}
