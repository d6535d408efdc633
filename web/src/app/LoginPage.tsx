import { Alert, Button, Center, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { ApiError, post } from '../api.ts';
import { useI18n } from '../i18n/index.tsx';
import { LanguageSwitch } from './LanguageSwitch.tsx';
import { errorText } from './states.tsx';
import type { Me } from './session.ts';

export function LoginPage() {
  const { t } = useI18n();
  // Too many attempts: the wait in the reader's language, not the server's Ukrainian sentence.
  const refusalText = (error: Error) => error instanceof ApiError && error.status === 429 && error.retryAfterSeconds !== null
    ? t.common.login.tooManyAttempts(error.retryAfterSeconds)
    : errorText(error);
  const queryClient = useQueryClient();
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  const [touched, setTouched] = useState(false);
  const mutation = useMutation({
    mutationFn: () => post<{ user: Me }>('/auth/login', { login, password }),
    onSuccess: (result) => queryClient.setQueryData(['me'], result.user),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (login.trim() && password) mutation.mutate();
  };
  return (
    <Center mih="100vh" bg="gray.0">
      <Paper component="main" withBorder shadow="sm" p="xl" w={380} maw="94vw">
        <form onSubmit={submit} noValidate>
          <Stack>
            <div>
              <Title order={1} size="h2">{t.common.login.title}</Title>
              <Text size="sm" c="dimmed">{t.common.appSubtitle}</Text>
            </div>
            {mutation.error && <Alert color="red" role="alert">{refusalText(mutation.error)}</Alert>}
            <TextInput
              label={t.common.login.login}
              autoComplete="username"
              autoFocus
              value={login}
              onChange={(event) => setLogin(event.currentTarget.value)}
              error={touched && !login.trim() ? t.common.login.loginRequired : undefined}
            />
            <PasswordInput
              label={t.common.login.password}
              autoComplete="current-password"
              value={password}
              onChange={(event) => setPassword(event.currentTarget.value)}
              error={touched && !password ? t.common.login.passwordRequired : undefined}
            />
            <Button type="submit" loading={mutation.isPending}>{t.common.login.submit}</Button>
            <Text size="xs" c="dimmed">{t.common.login.hint}</Text>
            <LanguageSwitch />
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}
