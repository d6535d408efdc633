// The SIP password of the phone at one extension: the exchange lets the phone register the
// extension, and call from it, only with this password. Generate one (shown here once) or type
// one; Dovira keeps only its HA1, so it can never show a password again. The generated password
// lives only in this component's state, never in a cache.
import { Alert, Button, Group, Modal, PasswordInput, Stack, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { del, post, put } from '../api.ts';
import { errorText } from '../app/states.tsx';
import { useI18n } from '../i18n/index.tsx';
import { keys, useServerErrors, type Extension } from './data.ts';
import { Done, FormRefusal, StateBadge } from './parts.tsx';
import { SecretShownOnce } from './SecretShownOnce.tsx';

export function SipPasswordDialog({ extension, realm, onClose }: { extension: Extension | null; realm: string; onClose: () => void }) {
  const { t } = useI18n();
  return (
    <Modal
      opened={extension !== null}
      onClose={onClose}
      title={extension ? t.admin.sipPassword.title(extension.extension) : ''}
      centered
      size="lg"
      closeButtonProps={{ 'aria-label': t.common.close }}
    >
      {/* A new body for each extension: nothing typed or shown for one carries over to another. */}
      {extension && <SipPasswordForm key={extension.extension} extension={extension} realm={realm} />}
    </Modal>
  );
}

/** A password given for another realm than the one Dovira now uses cannot match at the exchange. */
export function sipPasswordState(extension: Extension, realm: string): 'set' | 'none' | 'other-realm' {
  if (!extension.sipPassword) return 'none';
  return extension.sipPassword.realm === realm ? 'set' : 'other-realm';
}

export function SipPasswordBadge({ extension, realm }: { extension: Extension; realm: string }) {
  const { t, formatDateTime } = useI18n();
  const state = sipPasswordState(extension, realm);
  if (state === 'none') return <StateBadge tone="neutral">{t.admin.sipPassword.none}</StateBadge>;
  if (state === 'other-realm') return <StateBadge tone="bad">{t.admin.sipPassword.otherRealm}</StateBadge>;
  return <StateBadge tone="good">{t.admin.sipPassword.setAt(formatDateTime(extension.sipPassword!.setAt))}</StateBadge>;
}

function SipPasswordForm({ extension, realm }: { extension: Extension; realm: string }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const path = `/telephony/extensions/${encodeURIComponent(extension.extension)}/sip-password`;
  const [password, setPassword] = useState('');
  const [missing, setMissing] = useState(false);
  const [generated, setGenerated] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const [confirmRemove, setConfirmRemove] = useState(false);
  const errors = useServerErrors();
  const state = sipPasswordState(extension, realm);

  const changed = (message: string) => {
    void queryClient.invalidateQueries({ queryKey: keys.extensions });
    setNote(message);
  };
  const generate = useMutation({
    mutationFn: () => post<{ password: string }>(path, {}),
    onMutate: () => {
      errors.clear();
      setNote('');
      setConfirmRemove(false);
    },
    onError: (error) => errors.fail(error),
    onSuccess: (answer) => {
      setGenerated(answer.password);
      changed('');
    },
  });
  const save = useMutation({
    mutationFn: () => put(path, { password }),
    onMutate: () => {
      errors.clear();
      setNote('');
      setGenerated(null);
      setConfirmRemove(false);
    },
    onError: (error) => errors.fail(error),
    onSuccess: () => {
      setPassword('');
      changed(t.admin.sipPassword.saved(extension.extension));
    },
  });
  const remove = useMutation({
    mutationFn: () => del(path),
    onMutate: () => {
      errors.clear();
      setNote('');
      setGenerated(null);
    },
    onSuccess: () => {
      setConfirmRemove(false);
      changed(t.admin.sipPassword.removed(extension.extension));
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!password) {
      setMissing(true);
      return;
    }
    save.mutate();
  };

  return (
    <Stack>
      <Text size="sm">{t.admin.sipPassword.intro(extension.extension, realm)}</Text>
      <Group gap="xs">
        <Text size="sm" fw={500}>{t.admin.sipPassword.stateLabel}</Text>
        <SipPasswordBadge extension={extension} realm={realm} />
      </Group>
      {state === 'other-realm' && (
        <Alert color="red" role="alert">{t.admin.sipPassword.otherRealmHint(extension.sipPassword!.realm, realm)}</Alert>
      )}
      {generated && (
        <SecretShownOnce
          title={t.admin.sipPassword.generatedTitle(extension.extension)}
          label={t.admin.sipPassword.generatedLabel}
          secret={generated}
          words={t.admin.sipPassword}
          onDone={() => setGenerated(null)}
          marker="data-sip-password"
        >
          <Text size="sm">{t.admin.sipPassword.generatedWarning(extension.extension, realm)}</Text>
        </SecretShownOnce>
      )}
      <Group>
        <Button onClick={() => generate.mutate()} loading={generate.isPending}>{t.admin.sipPassword.generate}</Button>
      </Group>
      <form onSubmit={submit} noValidate>
        <Stack gap="xs">
          <FormRefusal error={errors.error} shownFields={['password']} />
          <PasswordInput
            label={t.admin.sipPassword.ownLabel}
            description={t.admin.sipPassword.ownHint}
            autoComplete="new-password"
            maxLength={64}
            value={password}
            onChange={(event) => {
              setMissing(false);
              errors.edit('password');
              setNote('');
              setPassword(event.currentTarget.value);
            }}
            error={missing ? t.admin.sipPassword.ownRequired : errors.field('password')}
          />
          <Group>
            <Button type="submit" variant="light" loading={save.isPending}>{t.admin.sipPassword.save}</Button>
          </Group>
        </Stack>
      </form>
      {extension.sipPassword && (
        confirmRemove ? (
          <Alert color="red" variant="light" title={t.admin.sipPassword.removeTitle}>
            <Stack gap="xs">
              <Text size="sm">{t.admin.sipPassword.removeText(extension.extension)}</Text>
              {remove.error ? <Text size="sm" c="red.9" role="alert">{errorText(remove.error)}</Text> : null}
              <Group>
                <Button size="xs" variant="default" onClick={() => setConfirmRemove(false)}>{t.common.cancel}</Button>
                <Button size="xs" color="red" loading={remove.isPending} onClick={() => remove.mutate()}>{t.admin.sipPassword.removeConfirm}</Button>
              </Group>
            </Stack>
          </Alert>
        ) : (
          <Group>
            <Button variant="subtle" color="red" onClick={() => {
              remove.reset();
              setConfirmRemove(true);
            }}>
              {t.admin.sipPassword.remove}
            </Button>
          </Group>
        )
      )}
      <Done>{note}</Done>
    </Stack>
  );
}
