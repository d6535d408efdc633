// A new user: login, name, role with its operator number or judicial body, e-mail and the first
// password. A refusal keeps everything typed and puts the server's words next to the field.
import { Anchor, Button, Group, Paper, PasswordInput, Stack, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent, type MouseEvent } from 'react';
import { post } from '../api.ts';
import { navigate } from '../app/router.ts';
import { useI18n } from '../i18n/index.tsx';
import { generatePassword, keys, useServerErrors, type AdminUser } from './data.ts';
import { FormRefusal, PageHeader } from './parts.tsx';
import { emptyDraft, numberOf, USER_FIELDS, UserFields, type UserDraft } from './UserFields.tsx';

export function CreateUser() {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  const [passwordVisible, setPasswordVisible] = useState(false);
  const [generated, setGenerated] = useState(false);
  const [draft, setDraft] = useState<UserDraft>(emptyDraft);
  const errors = useServerErrors();

  const create = useMutation({
    mutationFn: () => {
      const operatorNumber = draft.role === 'operator' ? numberOf(draft.operatorNumber) : null;
      return post<AdminUser>('/users', {
        login: login.trim(),
        fullName: draft.fullName,
        role: draft.role,
        password,
        ...(operatorNumber !== null ? { operatorNumber } : {}),
        ...(draft.role === 'court_clerk' && draft.judicialBodyId ? { judicialBodyId: draft.judicialBodyId } : {}),
        ...(draft.email.trim() ? { email: draft.email.trim() } : {}),
      });
    },
    onMutate: () => errors.clear(),
    onError: (error) => errors.fail(error),
    onSuccess: (user) => {
      void queryClient.invalidateQueries({ queryKey: keys.users });
      queryClient.setQueryData(keys.user(user.id), user);
      notifications.show({
        color: 'teal.9',
        closeButtonProps: { 'aria-label': t.common.close },
        message: user.role === 'pbx' ? `${t.admin.userForm.created(user.login)}. ${t.admin.userForm.createdTokenHint}` : t.admin.userForm.created(user.login),
      });
      navigate(`/admin/users/${user.id}`, { replace: true });
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate();
  };
  const back = (event: MouseEvent) => {
    event.preventDefault();
    navigate('/admin/users');
  };

  return (
    <>
      <PageHeader title={t.admin.userForm.createTitle} action={<Anchor href="/admin/users" onClick={back} size="sm">{t.admin.users.back}</Anchor>} />
      <Paper withBorder p="md" maw={640}>
        <form onSubmit={submit} noValidate aria-label={t.admin.userForm.createTitle}>
          <Stack>
            <FormRefusal error={errors.error} title={t.admin.userForm.refused} shownFields={USER_FIELDS} />
            <TextInput
              label={t.admin.userForm.login}
              description={t.admin.userForm.loginHint}
              withAsterisk
              autoComplete="off"
              autoFocus
              value={login}
              onChange={(event) => {
                errors.edit('login');
                setLogin(event.currentTarget.value);
              }}
              error={errors.field('login')}
            />
            <UserFields draft={draft} onChange={setDraft} errors={errors} showActive={false} />
            <div>
              <PasswordInput
                label={t.admin.userForm.password}
                description={generated ? t.admin.userForm.generated : t.admin.userForm.passwordHint}
                withAsterisk
                autoComplete="new-password"
                visible={passwordVisible}
                onVisibilityChange={setPasswordVisible}
                value={password}
                onChange={(event) => {
                  errors.edit('password');
                  setGenerated(false);
                  setPassword(event.currentTarget.value);
                }}
                error={errors.field('password')}
              />
              <Button
                variant="subtle"
                size="compact-sm"
                mt={4}
                onClick={() => {
                  errors.edit('password');
                  setPassword(generatePassword());
                  setGenerated(true);
                  setPasswordVisible(true);
                }}
              >
                {t.admin.userForm.generate}
              </Button>
            </div>
            <Group>
              <Button type="submit" loading={create.isPending}>{t.admin.userForm.submitCreate}</Button>
            </Group>
          </Stack>
        </form>
      </Paper>
    </>
  );
}
