// Callers' numbers the admin has blocked: list, block with a note, unblock. What a block does to a
// call depends on the exchange (see the screen's intro and src/telephony/blocked-numbers.ts).
import { Button, Group, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { del, get, put } from '../api.ts';
import { useI18n } from '../i18n/index.tsx';
import { DataTable, ListStates } from '../shared/lists.tsx';
import { useServerErrors } from './data.ts';
import { ConfirmDialog, Done, FormRefusal, PageHeader } from './parts.tsx';

export interface BlockedNumber {
  phone: string;
  note: string | null;
  addedBy: string;
  addedAt: string;
  updatedAt: string;
}

const blockedNumbersKey = ['admin', 'blocked-numbers'] as const;
const emptyDraft = { phone: '', note: '' };

export function AdminBlockedNumbers() {
  const { t, formatDateTime } = useI18n();
  const text = t.admin.blockedNumbers;
  const queryClient = useQueryClient();
  const list = useQuery({
    queryKey: blockedNumbersKey,
    queryFn: ({ signal }) => get<{ items: BlockedNumber[] }>('/settings/blocked-numbers', signal),
  });
  const [draft, setDraft] = useState(emptyDraft);
  const [phoneMissing, setPhoneMissing] = useState(false);
  const [done, setDone] = useState('');
  const [toRemove, setToRemove] = useState<BlockedNumber | null>(null);
  const errors = useServerErrors();

  const save = useMutation({
    mutationFn: () => put<BlockedNumber>(`/settings/blocked-numbers/${encodeURIComponent(draft.phone.trim())}`, { note: draft.note.trim() || null }),
    onMutate: () => {
      errors.clear();
      setDone('');
    },
    onError: (error) => errors.fail(error),
    onSuccess: (saved) => {
      void queryClient.invalidateQueries({ queryKey: blockedNumbersKey });
      setDone(text.saved(saved.phone));
      setDraft(emptyDraft);
    },
  });
  const remove = useMutation({
    mutationFn: (number: BlockedNumber) => del(`/settings/blocked-numbers/${encodeURIComponent(number.phone)}`),
    onSuccess: (_result, number) => {
      void queryClient.invalidateQueries({ queryKey: blockedNumbersKey });
      setDone(text.removed(number.phone));
      setToRemove(null);
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const missing = draft.phone.trim() === '';
    setPhoneMissing(missing);
    if (!missing) save.mutate();
  };
  const change = (field: keyof typeof emptyDraft, value: string) => {
    errors.edit(field);
    if (field === 'phone') setPhoneMissing(false);
    setDone('');
    setDraft({ ...draft, [field]: value });
  };

  const rows = list.data?.items ?? [];
  return (
    <>
      <PageHeader title={t.admin.nav.blockedNumbers} intro={text.intro} />
      <Stack>
        <Paper withBorder p="md" component="section" aria-labelledby="blocked-number-form-title" maw={760}>
          <Title order={2} size="h4" id="blocked-number-form-title" mb="sm">{text.formTitle}</Title>
          <form onSubmit={submit} noValidate>
            <Stack>
              <FormRefusal error={errors.error} shownFields={['phone', 'note']} />
              <Group align="flex-start" grow>
                <TextInput
                  label={text.phone}
                  description={text.phoneHint}
                  withAsterisk
                  type="tel"
                  autoComplete="off"
                  maxLength={30}
                  value={draft.phone}
                  onChange={(event) => change('phone', event.currentTarget.value)}
                  error={phoneMissing ? text.phoneRequired : errors.field('phone')}
                />
                <TextInput
                  label={text.note}
                  description={text.noteHint}
                  autoComplete="off"
                  maxLength={200}
                  value={draft.note}
                  onChange={(event) => change('note', event.currentTarget.value)}
                  error={errors.field('note')}
                />
              </Group>
              <Group>
                <Button type="submit" loading={save.isPending}>{text.save}</Button>
              </Group>
            </Stack>
          </form>
        </Paper>
        <Done>{done}</Done>
        <Paper withBorder>
          <ListStates query={list} rows={rows} loadingLabel={text.loading} empty={{ title: text.empty, hint: text.emptyHint }}>
            <DataTable
              rows={rows}
              minWidth={640}
              verticalSpacing="xs"
              highlightOnHover={false}
              caption={text.caption}
              rowKey={(row) => row.phone}
              rowProps={(row) => ({ 'data-phone': row.phone })}
              columns={[
                { header: text.columns.phone, cell: (row) => <Text size="sm" ff="monospace">{row.phone}</Text> },
                { header: text.columns.note, cell: (row) => row.note ?? text.noNote },
                { header: text.columns.addedAt, cell: (row) => formatDateTime(row.addedAt) },
                {
                  header: text.columns.actions,
                  cell: (row) => (
                    <Button size="xs" variant="light" color="red" aria-label={text.removeNamed(row.phone)} onClick={() => {
                      remove.reset();
                      setToRemove(row);
                    }}>
                      {text.remove}
                    </Button>
                  ),
                },
              ]}
            />
          </ListStates>
        </Paper>
      </Stack>
      <ConfirmDialog
        opened={toRemove !== null}
        title={text.confirmTitle}
        text={toRemove ? text.confirmText(toRemove.phone) : ''}
        confirmLabel={text.confirm}
        onConfirm={() => toRemove && remove.mutate(toRemove)}
        onClose={() => setToRemove(null)}
        pending={remove.isPending}
        error={remove.error}
      />
    </>
  );
}
