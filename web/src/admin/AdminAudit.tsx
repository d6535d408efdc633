// The audit trail: who changed what, when and from where, filtered by object, action, person and
// period (Kyiv calendar days), newest first, a page at a time.
import { Button, Group, NativeSelect, Paper, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { get } from '../api.ts';
import { Empty, ErrorState, Loading } from '../app/states.tsx';
import { AUDIT_ACTIONS, AUDIT_ENTITY_TYPES, isAuditEntityType } from '../../../src/audit/actions.ts';
import { useI18n } from '../i18n/index.tsx';
import { keys, useAllUsers, type AdminUser, type AuditEvent, type Page } from './data.ts';
import { PageHeader } from './parts.tsx';

/** Every action of every kind of object but a call, whose actions have words of their own (callActions). */
const ACTIONS_OF_ANY_OBJECT: readonly string[] = [
  ...new Set(AUDIT_ENTITY_TYPES.filter((type) => type !== 'call').flatMap((type): readonly string[] => AUDIT_ACTIONS[type])),
];

/** The word for a code the server sent; undefined for one without a word (so the code itself is shown). */
function labelIn(labels: Readonly<Record<string, string>>, code: string): string | undefined {
  return Object.hasOwn(labels, code) ? labels[code] : undefined;
}

interface Filters {
  entityType: string;
  action: string;
  actorUserId: string;
  from: string;
  to: string;
}
/** The actor filter's value for what Dovira itself did (no user). */
const SYSTEM = 'system';
const noFilters: Filters = { entityType: '', action: '', actorUserId: '', from: '', to: '' };

const kyivWallClock = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Kyiv', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
});

/** How far Kyiv's wall clock is ahead of UTC at this instant, in milliseconds (DST included). */
function kyivOffset(instant: number): number {
  const part = (type: string) => Number(kyivWallClock.formatToParts(new Date(instant)).find((p) => p.type === type)?.value);
  return Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'), part('second')) - instant;
}

/** The instant a Kyiv calendar day ('YYYY-MM-DD') starts, `plusDays` later, as ISO 8601. */
export function kyivDayStart(date: string, plusDays = 0): string {
  const [year, month, day] = date.split('-').map(Number);
  const wall = Date.UTC(year!, month! - 1, day! + plusDays);
  // Twice: the offset at the first guess may be on the other side of a DST change.
  let instant = wall - kyivOffset(wall);
  instant = wall - kyivOffset(instant);
  return new Date(instant).toISOString();
}

function changesText(changes: Record<string, unknown>): string {
  return Object.entries(changes)
    .map(([key, value]) => `${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join('; ');
}

export function AdminAudit() {
  const { t, formatDateTime } = useI18n();
  const [filters, setFilters] = useState<Filters>(noFilters);
  const users = useAllUsers();
  const badPeriod = filters.from !== '' && filters.to !== '' && filters.to < filters.from;

  const audit = useInfiniteQuery({
    queryKey: [...keys.audit, filters],
    enabled: !badPeriod,
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) => {
      const query = new URLSearchParams({ limit: '50' });
      if (filters.entityType) query.set('entityType', filters.entityType);
      if (filters.action) query.set('action', filters.action);
      if (filters.actorUserId === SYSTEM) query.set('actor', 'system');
      else if (filters.actorUserId) query.set('actorUserId', filters.actorUserId);
      if (filters.from) query.set('from', kyivDayStart(filters.from));
      if (filters.to) query.set('to', kyivDayStart(filters.to, 1));
      if (pageParam) query.set('cursor', pageParam);
      return get<Page<AuditEvent>>(`/audit-events?${query.toString()}`, signal);
    },
    getNextPageParam: (last) => last.nextCursor,
  });

  const byId = new Map((users.data ?? []).map((user) => [user.id, user]));
  const who = (user: AdminUser) => `${user.fullName} (${user.login})`;
  const entityLabel = (type: string) => labelIn(t.admin.audit.entityTypes, type) ?? type;
  const actionLabel = (type: string, action: string) =>
    (type === 'call' ? labelIn(t.admin.audit.callActions, action) : undefined) ?? labelIn(t.admin.audit.actions, action) ?? action;
  const actionsFor = (type: string): readonly string[] => {
    if (type === '') return ACTIONS_OF_ANY_OBJECT;
    return isAuditEntityType(type) ? AUDIT_ACTIONS[type] : [];
  };
  const set = (field: keyof Filters, value: string) => {
    const next = { ...filters, [field]: value };
    // An action another kind of object never records would only ever find nothing.
    if (field === 'entityType' && value !== '' && !actionsFor(value).includes(next.action)) next.action = '';
    setFilters(next);
  };
  const rows = audit.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <>
      <PageHeader title={t.admin.nav.audit} intro={t.admin.audit.intro} />
      <Paper withBorder p="md" component="section" aria-labelledby="audit-filters-title" mb="md">
        <Title order={2} size="h4" id="audit-filters-title" mb="xs">{t.admin.audit.filters}</Title>
        <SimpleGrid cols={{ base: 2, lg: 5 }} spacing="sm">
          <NativeSelect
            label={t.admin.audit.entityType}
            value={filters.entityType}
            onChange={(event) => set('entityType', event.currentTarget.value)}
            data={[{ value: '', label: t.admin.audit.anyEntity }, ...AUDIT_ENTITY_TYPES.map((type) => ({ value: type, label: entityLabel(type) }))]}
          />
          <NativeSelect
            label={t.admin.audit.action}
            value={filters.action}
            onChange={(event) => set('action', event.currentTarget.value)}
            data={[{ value: '', label: t.admin.audit.anyAction }, ...actionsFor(filters.entityType).map((action) => ({ value: action, label: actionLabel(filters.entityType, action) }))]}
          />
          <NativeSelect
            label={t.admin.audit.actor}
            value={filters.actorUserId}
            onChange={(event) => set('actorUserId', event.currentTarget.value)}
            data={[
              { value: '', label: t.admin.audit.anyActor },
              { value: SYSTEM, label: t.admin.audit.system },
              ...(users.data ?? []).map((user) => ({ value: user.id, label: who(user) })),
            ]}
          />
          <TextInput
            type="date"
            label={t.admin.audit.from}
            description={t.admin.audit.periodHint}
            value={filters.from}
            onChange={(event) => set('from', event.currentTarget.value)}
          />
          <TextInput
            type="date"
            label={t.admin.audit.to}
            description={t.admin.audit.periodHint}
            value={filters.to}
            onChange={(event) => set('to', event.currentTarget.value)}
            error={badPeriod ? t.admin.audit.badPeriod : undefined}
          />
        </SimpleGrid>
        <Group mt="sm">
          <Button variant="default" size="xs" onClick={() => setFilters(noFilters)} disabled={filters === noFilters}>{t.admin.audit.reset}</Button>
        </Group>
      </Paper>
      <Paper withBorder>
        {badPeriod ? (
          <Empty title={t.admin.audit.badPeriod} />
        ) : audit.isPending ? (
          <Loading label={t.admin.audit.loading} />
        ) : audit.isError ? (
          <ErrorState error={audit.error} onRetry={() => void audit.refetch()} />
        ) : rows.length === 0 ? (
          <Empty title={t.admin.audit.empty} hint={t.admin.audit.emptyHint} />
        ) : (
          <Table.ScrollContainer minWidth={1000}>
            <Table striped verticalSpacing="xs">
              <Table.Caption>{t.admin.audit.caption}</Table.Caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t.admin.audit.columns.at}</Table.Th>
                  <Table.Th scope="col">{t.admin.audit.columns.actor}</Table.Th>
                  <Table.Th scope="col">{t.admin.audit.columns.ip}</Table.Th>
                  <Table.Th scope="col">{t.admin.audit.columns.entity}</Table.Th>
                  <Table.Th scope="col">{t.admin.audit.columns.action}</Table.Th>
                  <Table.Th scope="col">{t.admin.audit.columns.changes}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((event) => {
                  const actor = event.actorUserId ? byId.get(event.actorUserId) : undefined;
                  const subject = event.entityType === 'user' ? byId.get(event.entityId) : undefined;
                  const changes = changesText(event.changes);
                  return (
                    <Table.Tr key={event.id} data-audit-id={event.id}>
                      <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(event.at)}</Table.Td>
                      <Table.Td>{event.actorUserId === null ? t.admin.audit.system : actor ? who(actor) : event.actorUserId}</Table.Td>
                      <Table.Td><Text size="sm" ff="monospace">{event.actorIp ?? ''}</Text></Table.Td>
                      <Table.Td>
                        <Stack gap={0}>
                          <Text size="sm">{entityLabel(event.entityType)}</Text>
                          <Text size="xs" c="dimmed" style={{ wordBreak: 'break-all' }}>{subject ? who(subject) : event.entityId}</Text>
                        </Stack>
                      </Table.Td>
                      <Table.Td><Text size="sm" fw={500}>{actionLabel(event.entityType, event.action)}</Text></Table.Td>
                      <Table.Td maw={420}>
                        <Text size="xs" ff="monospace" lineClamp={3} title={changes} style={{ wordBreak: 'break-word' }}>
                          {changes || t.admin.audit.noChanges}
                        </Text>
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Paper>
      {!badPeriod && audit.isSuccess && rows.length > 0 && (
        <Group justify="center" mt="sm" gap="md">
          <Text size="sm" c="dimmed" role="status">{t.admin.audit.shown(rows.length)}{audit.hasNextPage ? '' : `. ${t.admin.audit.allShown}`}</Text>
          {audit.hasNextPage && (
            <Button variant="default" onClick={() => void audit.fetchNextPage()} loading={audit.isFetchingNextPage}>{t.admin.audit.more}</Button>
          )}
        </Group>
      )}
      {audit.isFetchNextPageError && <ErrorState error={audit.error} onRetry={() => void audit.fetchNextPage()} />}
    </>
  );
}
