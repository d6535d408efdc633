// Pieces every admin screen uses: the page heading, a refusal summary and a confirmation dialog.
import { Alert, Badge, Button, Group, List, Modal, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { ApiError } from '../api.ts';
import { errorText } from '../app/states.tsx';
import { useI18n } from '../i18n/index.tsx';

export function PageHeader({ title, intro, action }: { title: string; intro?: string; action?: ReactNode }) {
  return (
    <Group justify="space-between" align="flex-start" wrap="nowrap" mb="md">
      <div>
        <Title order={1} size="h3">{title}</Title>
        {intro && <Text size="sm" c="dimmed" maw={760}>{intro}</Text>}
      </div>
      {action}
    </Group>
  );
}

/**
 * Why the server refused a form. Messages for fields the form shows appear next to those fields;
 * the rest are listed here, so nothing the server said is lost.
 */
export function FormRefusal({ error, title, shownFields = [] }: { error: unknown; title?: string; shownFields?: readonly string[] }) {
  const { t } = useI18n();
  if (!error) return null;
  const fieldErrors = error instanceof ApiError ? error.fieldErrors : [];
  const notShown = fieldErrors.filter((item) => !shownFields.some((field) => item.field === field || item.field.endsWith(`.${field}`)));
  // A message that only joins the field messages together reads better as their list.
  const joined = notShown.length > 1 && notShown.every((item) => errorText(error).includes(item.message));
  const listed = joined ? notShown : notShown.filter((item) => !errorText(error).includes(item.message));
  return (
    <Alert color="red" role="alert" title={title ?? t.common.errorTitle}>
      <Stack gap={4}>
        {!joined && <Text size="sm">{errorText(error)}</Text>}
        {listed.length > 0 && (
          <List size="sm">
            {listed.map((item) => <List.Item key={`${item.field}:${item.message}`}>{item.message}</List.Item>)}
          </List>
        )}
        <Text size="sm">{t.common.savedFormKept}</Text>
      </Stack>
    </Alert>
  );
}

export function ConfirmDialog({
  opened, title, text, confirmLabel, onConfirm, onClose, pending, error,
}: {
  opened: boolean;
  title: string;
  text: string;
  confirmLabel: string;
  onConfirm: () => void;
  onClose: () => void;
  pending: boolean;
  error: unknown;
}) {
  const { t } = useI18n();
  return (
    <Modal opened={opened} onClose={onClose} title={title} centered closeButtonProps={{ 'aria-label': t.common.close }}>
      <Stack>
        <Text size="sm">{text}</Text>
        {error ? <Alert color="red" role="alert">{errorText(error)}</Alert> : null}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>{t.common.cancel}</Button>
          <Button color="red" onClick={onConfirm} loading={pending}>{confirmLabel}</Button>
        </Group>
      </Stack>
    </Modal>
  );
}

// Filled and dark enough for WCAG AA: Mantine's light badges put mid-tone text on a pale tint.
const TONES = { good: 'teal.9', bad: 'red.9', neutral: 'gray.7', info: 'blue.8' } as const;

export function StateBadge({ tone, children }: { tone: keyof typeof TONES; children: ReactNode }) {
  return <Badge color={TONES[tone]} variant="filled" style={{ textTransform: 'none' }}>{children}</Badge>;
}

/** A quiet confirmation beside a form's button, announced to screen readers. */
export function Done({ children }: { children: ReactNode }) {
  return <Text size="sm" c="teal.9" role="status">{children}</Text>;
}
