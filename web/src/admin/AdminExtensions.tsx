// The exchange's extensions and the operators they ring: a call at an extension opens on that
// operator's screen. Assign (or reassign) one, switch it off, remove it; set the SIP password of
// the phone at it (SipPassword.tsx).
import { Alert, Button, Group, NativeSelect, Paper, Stack, Switch, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { del, get, put } from '../api.ts';
import { ErrorState } from '../app/states.tsx';
import { useI18n } from '../i18n/index.tsx';
import { ListTable } from '../shared/lists.tsx';
import { keys, useAllUsers, useServerErrors, type AdminUser, type Extension } from './data.ts';
import { ConfirmDialog, Done, FormRefusal, PageHeader, StateBadge } from './parts.tsx';
import { SipPasswordBadge, SipPasswordDialog } from './SipPassword.tsx';

interface Draft {
  extension: string;
  operatorId: string;
  active: boolean;
}
const emptyDraft: Draft = { extension: '', operatorId: '', active: true };

export function AdminExtensions() {
  const { t, formatDateTime } = useI18n();
  const queryClient = useQueryClient();
  const users = useAllUsers();
  const extensions = useQuery({
    queryKey: keys.extensions,
    queryFn: ({ signal }) => get<{ items: Extension[]; sipRealm: string }>('/telephony/extensions', signal),
  });
  const [draft, setDraft] = useState<Draft>(emptyDraft);
  const [editing, setEditing] = useState<string | null>(null);
  const [missing, setMissing] = useState<{ extension?: boolean; operatorId?: boolean }>({});
  const [note, setNote] = useState('');
  const [toRemove, setToRemove] = useState<Extension | null>(null);
  /** The extension whose phone password is being set: by name, so the dialog shows the list's latest. */
  const [passwordFor, setPasswordFor] = useState<string | null>(null);
  const errors = useServerErrors();
  const extensionInput = useRef<HTMLInputElement>(null);

  const byId = new Map((users.data ?? []).map((user) => [user.id, user]));
  const operators = (users.data ?? []).filter((user) => user.role === 'operator')
    .sort((a, b) => (a.operatorNumber ?? 0) - (b.operatorNumber ?? 0));
  const operatorName = (user: AdminUser | undefined) =>
    user ? t.admin.extensions.operatorLabel(user.operatorNumber, user.fullName, user.active) : t.admin.extensions.unknownOperator;

  const save = useMutation({
    mutationFn: () => put<Extension>(`/telephony/extensions/${encodeURIComponent(draft.extension.trim())}`, { operatorId: draft.operatorId, active: draft.active }),
    onMutate: () => {
      errors.clear();
      setNote('');
    },
    onError: (error) => errors.fail(error),
    onSuccess: (saved) => {
      void queryClient.invalidateQueries({ queryKey: keys.extensions });
      setNote(t.admin.extensions.saved(saved.extension));
      setDraft(emptyDraft);
      setEditing(null);
    },
  });
  const remove = useMutation({
    mutationFn: (extension: Extension) => del(`/telephony/extensions/${encodeURIComponent(extension.extension)}`),
    onSuccess: (_result, extension) => {
      void queryClient.invalidateQueries({ queryKey: keys.extensions });
      setNote(t.admin.extensions.removed(extension.extension));
      setToRemove(null);
      if (editing === extension.extension) {
        setEditing(null);
        setDraft(emptyDraft);
      }
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const lacking = { extension: !draft.extension.trim(), operatorId: !draft.operatorId };
    setMissing(lacking);
    if (lacking.extension || lacking.operatorId) return;
    save.mutate();
  };
  const change = <K extends keyof Draft>(field: K, value: Draft[K]) => {
    errors.edit(field);
    setMissing({ ...missing, [field]: false });
    setNote('');
    setDraft({ ...draft, [field]: value });
  };
  const edit = (extension: Extension) => {
    errors.clear();
    setMissing({});
    setEditing(extension.extension);
    setDraft({ extension: extension.extension, operatorId: extension.operatorId, active: extension.active });
    extensionInput.current?.focus();
  };

  const rows = extensions.data?.items ?? [];
  const sipRealm = extensions.data?.sipRealm ?? '';
  return (
    <>
      <PageHeader title={t.admin.nav.extensions} intro={t.admin.extensions.intro} />
      <Stack>
        <Paper withBorder p="md" component="section" aria-labelledby="extension-form-title" maw={760}>
          <Title order={2} size="h4" id="extension-form-title" mb="sm">
            {editing ? t.admin.extensions.editTitle(editing) : t.admin.extensions.formTitle}
          </Title>
          {users.isError ? (
            <ErrorState error={users.error} onRetry={() => void users.refetch()} />
          ) : users.isSuccess && operators.length === 0 ? (
            <Alert color="gray">{t.admin.extensions.noOperators}</Alert>
          ) : (
            <form onSubmit={submit} noValidate>
              <Stack>
                <FormRefusal error={errors.error} shownFields={['extension', 'operatorId', 'active']} />
                <Group align="flex-start" grow>
                  <TextInput
                    ref={extensionInput}
                    label={t.admin.extensions.extension}
                    description={t.admin.extensions.extensionHint}
                    withAsterisk
                    autoComplete="off"
                    maxLength={32}
                    readOnly={editing !== null}
                    value={draft.extension}
                    onChange={(event) => change('extension', event.currentTarget.value)}
                    error={missing.extension ? t.admin.extensions.extensionRequired : errors.field('extension')}
                  />
                  <NativeSelect
                    label={t.admin.extensions.operator}
                    description={users.isPending ? t.common.loading : t.admin.extensions.operatorHint}
                    withAsterisk
                    value={draft.operatorId}
                    onChange={(event) => change('operatorId', event.currentTarget.value)}
                    data={[
                      { value: '', label: t.admin.extensions.chooseOperator },
                      ...operators.map((user) => ({ value: user.id, label: operatorName(user) })),
                    ]}
                    error={missing.operatorId ? t.admin.extensions.operatorRequired : errors.field('operatorId')}
                  />
                </Group>
                <Switch
                  label={t.admin.extensions.active}
                  description={t.admin.extensions.activeHint}
                  checked={draft.active}
                  onChange={(event) => change('active', event.currentTarget.checked)}
                />
                <Group>
                  <Button type="submit" loading={save.isPending}>{t.admin.extensions.save}</Button>
                  {editing && (
                    <Button variant="default" onClick={() => {
                      errors.clear();
                      setEditing(null);
                      setDraft(emptyDraft);
                    }}>
                      {t.admin.extensions.cancelEdit}
                    </Button>
                  )}
                </Group>
              </Stack>
            </form>
          )}
        </Paper>
        <Done>{note}</Done>
        <Paper withBorder>
          <ListTable
            query={extensions}
            rows={rows}
            loadingLabel={t.admin.extensions.loading}
            empty={{ title: t.admin.extensions.empty, hint: t.admin.extensions.emptyHint }}
            minWidth={900}
            verticalSpacing="xs"
            highlightOnHover={false}
            caption={t.admin.extensions.caption}
            rowKey={(row) => row.extension}
            rowProps={(row) => ({ 'data-extension': row.extension })}
            columns={[
              { header: t.admin.extensions.columns.extension, cell: (row) => <Text size="sm" ff="monospace">{row.extension}</Text> },
              { header: t.admin.extensions.columns.operator, cell: (row) => (users.isPending ? '' : operatorName(byId.get(row.operatorId))) },
              {
                header: t.admin.extensions.columns.state,
                cell: (row) => (row.active
                  ? <StateBadge tone="good">{t.admin.extensions.stateActive}</StateBadge>
                  : <StateBadge tone="neutral">{t.admin.extensions.stateInactive}</StateBadge>),
              },
              { header: t.admin.extensions.columns.sipPassword, cell: (row) => <SipPasswordBadge extension={row} realm={sipRealm} /> },
              { header: t.admin.extensions.columns.updatedAt, cell: (row) => formatDateTime(row.updatedAt) },
              {
                header: t.admin.extensions.columns.actions,
                cell: (row) => (
                  <Group gap="xs" wrap="nowrap">
                    <Button size="xs" variant="light" aria-label={t.admin.extensions.editNamed(row.extension)} onClick={() => edit(row)}>
                      {t.admin.extensions.edit}
                    </Button>
                    <Button size="xs" variant="light" aria-label={t.admin.extensions.sipPasswordNamed(row.extension)} onClick={() => setPasswordFor(row.extension)}>
                      {t.admin.extensions.sipPasswordAction}
                    </Button>
                    <Button size="xs" variant="light" color="red" aria-label={t.admin.extensions.removeNamed(row.extension)} onClick={() => {
                      remove.reset();
                      setToRemove(row);
                    }}>
                      {t.admin.extensions.remove}
                    </Button>
                  </Group>
                ),
              },
            ]}
          />
        </Paper>
      </Stack>
      <SipPasswordDialog
        extension={rows.find((row) => row.extension === passwordFor) ?? null}
        realm={sipRealm}
        onClose={() => setPasswordFor(null)}
      />
      <ConfirmDialog
        opened={toRemove !== null}
        title={t.admin.extensions.confirmTitle}
        text={toRemove ? t.admin.extensions.confirmText(toRemove.extension) : ''}
        confirmLabel={t.admin.extensions.confirm}
        onConfirm={() => toRemove && remove.mutate(toRemove)}
        onClose={() => setToRemove(null)}
        pending={remove.isPending}
        error={remove.error}
      />
    </>
  );
}
