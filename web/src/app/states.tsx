// Loading, empty and error states that say what to do next: one look everywhere.
import { Alert, Button, Center, Group, Loader, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { ApiError } from '../api.ts';
import { useI18n } from '../i18n/index.tsx';

export function Loading({ label }: { label?: string }) {
  const { t } = useI18n();
  return (
    <Center p="lg" role="status" aria-live="polite">
      <Group gap="sm">
        <Loader size="sm" />
        <Text size="sm">{label ?? t.common.loading}</Text>
      </Group>
    </Center>
  );
}

export function Empty({ title, hint, action }: { title: string; hint?: string; action?: ReactNode }) {
  return (
    <Stack align="center" gap={4} p="lg" ta="center">
      <Text fw={600}>{title}</Text>
      {hint && <Text size="sm" c="dimmed">{hint}</Text>}
      {action}
    </Stack>
  );
}

export function errorText(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  return error instanceof Error ? error.message : String(error);
}

export function ErrorState({ error, onRetry, title }: { error: unknown; onRetry?: () => void; title?: string }) {
  const { t } = useI18n();
  return (
    <Alert color="red" title={title ?? t.common.loadError} role="alert">
      <Stack gap="xs">
        <Text size="sm">{errorText(error)}</Text>
        {onRetry && (
          <Group>
            <Button size="xs" variant="light" color="red" onClick={onRetry}>{t.common.retry}</Button>
          </Group>
        )}
      </Stack>
    </Alert>
  );
}
