// Picks a court clerk's judicial body from the directory, searching it on the server as one types.
import { Select } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { get } from '../api.ts';
import { useI18n } from '../i18n/index.tsx';
import type { JudicialBody, Page } from './data.ts';

const labelOf = (body: JudicialBody) => `${body.name} (${body.code})`;

export function JudicialBodyPicker({ value, onChange, error }: { value: string | null; onChange: (id: string | null) => void; error?: string }) {
  const { t } = useI18n();
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search, 250);
  // The body already chosen (on an existing clerk): its name, even when a search does not list it.
  const chosen = useQuery({
    queryKey: ['admin', 'judicial-body', value],
    queryFn: ({ signal }) => get<JudicialBody>(`/judicial-bodies/${value}`, signal),
    enabled: value !== null,
    staleTime: Infinity,
  });
  const chosenLabel = chosen.data ? labelOf(chosen.data) : undefined;
  // Once a body is picked the search box shows its label; searching for that label would only narrow the list.
  const words = debounced === chosenLabel ? '' : debounced.trim();
  const found = useQuery({
    queryKey: ['admin', 'judicial-bodies', words],
    queryFn: ({ signal }) => get<Page<JudicialBody>>(`/judicial-bodies?limit=30${words ? `&q=${encodeURIComponent(words)}` : ''}`, signal),
    placeholderData: (previous) => previous,
  });
  const options = new Map<string, string>();
  if (chosen.data) options.set(chosen.data.id, labelOf(chosen.data));
  for (const body of found.data?.items ?? []) options.set(body.id, labelOf(body));

  return (
    <Select
      label={t.admin.userForm.judicialBody}
      description={t.admin.userForm.judicialBodyHint}
      withAsterisk
      searchable
      clearable
      value={value}
      onChange={(next) => onChange(next)}
      searchValue={search}
      onSearchChange={setSearch}
      // The server has already filtered by the words typed (forgiving case and apostrophes).
      filter={({ options: all }) => all}
      data={[...options].map(([id, label]) => ({ value: id, label }))}
      nothingFoundMessage={found.isFetching ? t.admin.userForm.judicialBodyLoading : t.admin.userForm.judicialBodyNothing}
      error={error}
      maxDropdownHeight={280}
    />
  );
}
