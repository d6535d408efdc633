// One user: their details (name, role, operator number, judicial body, e-mail, active), the
// login's back-off and password, and, for a machine user, the API tokens issued for it.
import { Alert, Anchor, Button, Grid, Group, Paper, PasswordInput, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent, type MouseEvent } from 'react';
import { get, patch } from '../api.ts';
import { navigate } from '../app/router.ts';
import { ErrorState, Loading } from '../app/states.tsx';
import { useI18n } from '../i18n/index.tsx';
import { ApiTokens } from './ApiTokens.tsx';
import { generatePassword, isLocked, keys, useServerErrors, type AdminUser } from './data.ts';
import { Done, FormRefusal, PageHeader } from './parts.tsx';
import { draftOf, numberOf, USER_FIELDS, UserFields, type UserDraft } from './UserFields.tsx';

export function UserDetail({ params }: { params: Record<string, string> }) {
  const { t } = useI18n();
  const id = params.id!;
  const user = useQuery({
    queryKey: keys.user(id),
    queryFn: ({ signal }) => get<AdminUser>(`/users/${encodeURIComponent(id)}`, signal),
  });
  const back = (event: MouseEvent) => {
    event.preventDefault();
    navigate('/admin/users');
  };
  const backLink = <Anchor href="/admin/users" onClick={back} size="sm">{t.admin.users.back}</Anchor>;

  if (user.isPending) return <Loading label={t.admin.userForm.loading} />;
  if (user.isError) {
    return (
      <>
        <PageHeader title={t.common.nav.users} action={backLink} />
        <ErrorState error={user.error} onRetry={() => void user.refetch()} />
      </>
    );
  }
  return (
    <>
      <PageHeader title={t.admin.userForm.editTitle(user.data.fullName)} intro={t.admin.userForm.loginFixed(user.data.login)} action={backLink} />
      <Grid gap="md">
        <Grid.Col span={{ base: 12, lg: 7 }}>
          {/* Keyed by the user, so the form starts from the saved values and keeps edits after a refusal. */}
          <UserEditForm key={user.data.id} user={user.data} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 5 }}>
          <AccountPanel user={user.data} />
        </Grid.Col>
        {/* API tokens are for machine users only; people sign in with their password. */}
        {user.data.role === 'pbx' && (
          <Grid.Col span={12}>
            <ApiTokens user={user.data} />
          </Grid.Col>
        )}
      </Grid>
    </>
  );
}

function useSaveUser(id: string) {
  const queryClient = useQueryClient();
  return (saved: AdminUser) => {
    queryClient.setQueryData(keys.user(id), saved);
    void queryClient.invalidateQueries({ queryKey: keys.users, predicate: (query) => query.queryKey[2] !== 'one' });
  };
}

function UserEditForm({ user }: { user: AdminUser }) {
  const { t } = useI18n();
  const [draft, setDraft] = useState<UserDraft>(() => draftOf(user));
  const [savedNote, setSavedNote] = useState(false);
  const errors = useServerErrors();
  const remember = useSaveUser(user.id);
  const save = useMutation({
    mutationFn: () => patch<AdminUser>(`/users/${user.id}`, {
      fullName: draft.fullName,
      role: draft.role,
      operatorNumber: draft.role === 'operator' ? numberOf(draft.operatorNumber) : null,
      judicialBodyId: draft.role === 'court_clerk' ? draft.judicialBodyId : null,
      email: draft.email.trim() || null,
      active: draft.active,
    }),
    onMutate: () => {
      errors.clear();
      setSavedNote(false);
    },
    onError: (error) => errors.fail(error),
    onSuccess: (saved) => {
      remember(saved);
      setDraft(draftOf(saved));
      setSavedNote(true);
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="user-details-title">
      <Title order={2} size="h4" id="user-details-title" mb="sm">{t.admin.userForm.detailsTitle}</Title>
      <form onSubmit={submit} noValidate>
        <Stack>
          <FormRefusal error={errors.error} title={t.admin.userForm.refused} shownFields={USER_FIELDS} />
          <UserFields
            draft={draft}
            onChange={(next) => {
              setSavedNote(false);
              setDraft(next);
            }}
            errors={errors}
            showActive
          />
          <Group>
            <Button type="submit" loading={save.isPending}>{t.admin.userForm.submitSave}</Button>
            <Done>{savedNote ? t.admin.userForm.saved : ''}</Done>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

function AccountPanel({ user }: { user: AdminUser }) {
  const { t, formatDateTime } = useI18n();
  const remember = useSaveUser(user.id);
  const [password, setPassword] = useState('');
  const [visible, setVisible] = useState(false);
  const [done, setDone] = useState<string>('');
  const passwordErrors = useServerErrors();
  const unlock = useMutation({
    mutationFn: () => patch<AdminUser>(`/users/${user.id}`, { unlock: true }),
    onMutate: () => setDone(''),
    onSuccess: (saved) => {
      remember(saved);
      setDone(t.admin.account.unlocked);
    },
  });
  const reset = useMutation({
    mutationFn: () => patch<AdminUser>(`/users/${user.id}`, { password }),
    onMutate: () => {
      passwordErrors.clear();
      setDone('');
    },
    onError: (error) => passwordErrors.fail(error),
    onSuccess: (saved) => {
      remember(saved);
      setPassword('');
      setVisible(false);
      setDone(t.admin.account.passwordSet);
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    reset.mutate();
  };
  const locked = isLocked(user);
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="user-account-title">
      <Title order={2} size="h4" id="user-account-title" mb="sm">{t.admin.account.title}</Title>
      <Stack>
        {locked ? (
          <Alert color="red" variant="light">
            <Stack gap="xs" align="flex-start">
              <Text size="sm">{t.admin.account.locked(formatDateTime(user.lockedUntil!))}</Text>
              <Button size="xs" color="red" onClick={() => unlock.mutate()} loading={unlock.isPending}>{t.admin.account.unlock}</Button>
            </Stack>
          </Alert>
        ) : (
          <Text size="sm">{t.admin.account.notLocked}</Text>
        )}
        {unlock.error && <ErrorState error={unlock.error} title={t.common.errorTitle} onRetry={() => unlock.mutate()} />}
        <form onSubmit={submit} noValidate>
          <Stack gap="xs">
            <FormRefusal error={passwordErrors.error} title={t.admin.userForm.refused} shownFields={['password']} />
            <PasswordInput
              label={t.admin.account.newPassword}
              description={t.admin.account.newPasswordHint}
              autoComplete="new-password"
              value={password}
              visible={visible}
              onVisibilityChange={setVisible}
              onChange={(event) => {
                passwordErrors.edit('password');
                setPassword(event.currentTarget.value);
              }}
              error={passwordErrors.field('password')}
            />
            <Group gap="xs">
              <Button type="submit" variant="light" loading={reset.isPending}>{t.admin.account.setPassword}</Button>
              <Button
                variant="subtle"
                onClick={() => {
                  passwordErrors.edit('password');
                  setPassword(generatePassword());
                  setVisible(true);
                }}
              >
                {t.admin.userForm.generate}
              </Button>
            </Group>
          </Stack>
        </form>
        <Done>{done}</Done>
      </Stack>
    </Paper>
  );
}
