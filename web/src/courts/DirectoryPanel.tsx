// The directory of judicial bodies beside the call: a court by name, town, code or address (case,
// apostrophes and partial words forgiven), with the contacts the directory holds for it.
import { Anchor, Badge, Group, NativeSelect, Paper, Stack, Text, Title } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState, type ReactNode, type Ref } from 'react';
import { get } from '../api.ts';
import { Empty, ErrorState, Loading } from '../app/states.tsx';
import { useI18n } from '../i18n/index.tsx';
import { SearchPanel, useSearchText } from '../shared/SearchPanel.tsx';
import { REGIONS, type RegionCode } from '../../../src/courts/kinds.ts';
import type { JudicialBodyView } from '../../../src/courts/view.ts';

const PAGE = 20;

type JudicialBody = JudicialBodyView;

function webAddress(website: string): string | null {
  if (/^https?:\/\//i.test(website)) return website;
  return /^[\w.-]+\.[a-z]{2,}(\/.*)?$/i.test(website) ? `https://${website}` : null;
}

export function DirectoryPanel({ autoFocusRef }: { autoFocusRef?: Ref<HTMLInputElement> }) {
  const { t } = useI18n();
  const { query, setQuery, settled } = useSearchText();
  const [region, setRegion] = useState<RegionCode | ''>('');
  const searching = settled.length > 0 || region !== '';
  const found = useQuery({
    queryKey: ['judicial-bodies', 'directory', settled, region],
    queryFn: () => {
      const params = new URLSearchParams({ limit: String(PAGE) });
      if (settled) params.set('q', settled);
      if (region) params.set('region', region);
      return get<{ items: JudicialBody[]; nextCursor: string | null }>(`/judicial-bodies?${params}`);
    },
    enabled: searching,
    placeholderData: keepPreviousData,
  });

  let results: ReactNode = null;
  if (!searching) results = <Empty title={t.panels.directory.emptyTitle} hint={t.panels.directory.emptyHint} />;
  else if (found.isPending) results = <Loading />;
  else if (found.isError) results = <ErrorState error={found.error} onRetry={() => void found.refetch()} />;
  else if (found.data.items.length === 0) results = <Empty title={t.panels.directory.nothingTitle(settled || (region ? REGIONS[region] : ''))} hint={t.panels.directory.nothingHint} />;
  else {
    const more = found.data.nextCursor !== null;
    results = (
      <Stack gap={6}>
        <Title order={3} size="h6" c="dimmed">{t.panels.directory.results(found.data.items.length, more)}</Title>
        <Stack gap={6} component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
          {found.data.items.map((body) => <BodyCard key={body.id} body={body} />)}
        </Stack>
        {more && <Text size="xs" c="dimmed">{t.panels.directory.refine}</Text>}
      </Stack>
    );
  }

  const status = searching && found.data ? (found.data.items.length > 0 ? t.panels.directory.results(found.data.items.length, found.data.nextCursor !== null) : t.panels.directory.nothingTitle(settled)) : '';
  return (
    <SearchPanel
      headingId="directory-panel-title"
      heading={t.panels.directory.heading}
      search={{ inputRef: autoFocusRef, label: t.panels.directory.search, placeholder: t.panels.directory.placeholder, value: query, onChange: setQuery }}
      beside={(
        <NativeSelect
          label={t.panels.directory.region}
          value={region}
          onChange={(event) => setRegion(event.currentTarget.value as RegionCode | '')}
          data={[{ value: '', label: t.panels.directory.regionAll }, ...Object.entries(REGIONS).map(([value, label]) => ({ value, label }))]}
          style={{ flex: 1, minWidth: 0 }}
        />
      )}
      status={status}
    >
      {results}
    </SearchPanel>
  );
}

function BodyCard({ body }: { body: JudicialBody }) {
  const { t } = useI18n();
  const website = body.website ? webAddress(body.website) : null;
  const contacts: [string, ReactNode][] = [];
  if (body.address) contacts.push([t.panels.directory.address, body.address]);
  if (body.phones.length > 0) {
    contacts.push([t.panels.directory.phones, body.phones.map((phone, index) => (
      <span key={phone}>{index > 0 && ', '}<Anchor href={`tel:${phone.replace(/[^\d+]/g, '')}`} size="sm">{phone}</Anchor></span>
    ))]);
  }
  if (body.email) contacts.push([t.panels.directory.email, <Anchor href={`mailto:${body.email}`} size="sm">{body.email}</Anchor>]);
  if (body.website) contacts.push([t.panels.directory.website, website ? <Anchor href={website} target="_blank" rel="noopener noreferrer" size="sm">{body.website}</Anchor> : body.website]);
  return (
    <Paper component="li" withBorder p="xs" aria-labelledby={`body-${body.id}`}>
      <Group gap={6} wrap="nowrap" align="flex-start" justify="space-between">
        <Title order={4} size="h6" id={`body-${body.id}`}>{body.name}</Title>
        <Group gap={4} wrap="nowrap">
          {body.isDemo && <Badge size="xs" color="gray" c="gray.9" variant="light">{t.panels.directory.demo}</Badge>}
          {body.judiciary === false && <Badge size="xs" color="orange" c="dark.7" variant="light">{t.panels.directory.notJudiciary}</Badge>}
        </Group>
      </Group>
      <Text size="xs" c="dimmed">{[body.kindLabel, body.instanceLabel, body.regionLabel].filter(Boolean).join(' · ')}</Text>
      {contacts.length === 0 ? (
        <Text size="xs" mt={4}>{t.panels.directory.noContacts}</Text>
      ) : (
        <dl style={{ margin: '4px 0 0' }}>
          {contacts.map(([term, value]) => (
            <Group key={term} gap={6} wrap="nowrap" align="baseline">
              <Text component="dt" size="xs" c="dimmed" w={90} style={{ flexShrink: 0 }}>{term}</Text>
              <Text component="dd" size="sm" m={0}>{value}</Text>
            </Group>
          ))}
        </dl>
      )}
    </Paper>
  );
}
