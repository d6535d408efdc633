// The audit trail: who changed what, when and from where, filtered by object, action, person and
// period (Kyiv calendar days), newest first, a page at a time.
import { Button, Group, NativeSelect, Paper, SimpleGrid, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { Empty } from '../app/states.tsx';
import { AUDIT_ACTIONS, AUDIT_ENTITY_TYPES, isAuditEntityType } from '../../../src/audit/actions.ts';
import { useI18n } from '../i18n/index.tsx';
import { ListTable, MoreRows, rowsOf, usePagedList } from '../shared/lists.tsx';
import { keys, useAllUsers, type AdminUser, type AuditEvent } from './data.ts';
import { AuditChanges, AuditSubject } from './audit-parts.tsx';
import { PageHeader } from './parts.tsx';
import type { Subject } from '../../../src/audit/view.ts';
import type { Page } from '../shared/lists.tsx';

type AuditPage = Page<AuditEvent> & { references?: Record<string, Subject> };

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

export function AdminAudit() {
  const { t, formatDateTime } = useI18n();
  const [filters, setFilters] = useState<Filters>(noFilters);
  const users = useAllUsers();
  const badPeriod = filters.from !== '' && filters.to !== '' && filters.to < filters.from;

  const audit = usePagedList<AuditEvent>({
    queryKey: [...keys.audit, filters],
    enabled: !badPeriod,
    path: '/audit-events',
    query: {
      limit: '50',
      entityType: filters.entityType,
      action: filters.action,
      actor: filters.actorUserId === SYSTEM && 'system',
      actorUserId: filters.actorUserId !== SYSTEM && filters.actorUserId,
      from: filters.from && kyivDayStart(filters.from),
      to: filters.to && kyivDayStart(filters.to, 1),
    },
  });

  const byId = new Map((users.data ?? []).map((user) => [user.id, user]));
  const who = (user: AdminUser) => `${user.fullName} (${user.login})`;
  const people = new Map((users.data ?? []).map((user) => [user.id, who(user)]));
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
  const rows = rowsOf(audit);
  // Each page names the objects its changes point to; a later page's names add to the earlier ones.
  const references: Record<string, Subject> = Object.assign({}, ...(audit.data?.pages ?? []).map((page) => (page as AuditPage).references ?? {}));

  // The period's two ends: Kyiv days, the «to» day included.
  const periodEnd = (field: 'from' | 'to', label: string, error?: string) => (
    <TextInput
      type="date"
      label={label}
      description={t.admin.audit.periodHint}
      value={filters[field]}
      onChange={(event) => set(field, event.currentTarget.value)}
      error={error}
    />
  );

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
          {periodEnd('from', t.admin.audit.from)}
          {periodEnd('to', t.admin.audit.to, badPeriod ? t.admin.audit.badPeriod : undefined)}
        </SimpleGrid>
        <Group mt="sm">
          <Button variant="default" size="xs" onClick={() => setFilters(noFilters)} disabled={filters === noFilters}>{t.admin.audit.reset}</Button>
        </Group>
      </Paper>
      <Paper withBorder>
        {badPeriod ? (
          <Empty title={t.admin.audit.badPeriod} />
        ) : (
          <ListTable
            query={audit}
            rows={rows}
            loadingLabel={t.admin.audit.loading}
            empty={{ title: t.admin.audit.empty, hint: t.admin.audit.emptyHint }}
            minWidth={1000}
            verticalSpacing="xs"
            highlightOnHover={false}
            caption={t.admin.audit.caption}
            rowKey={(event) => event.id}
            rowProps={(event) => ({ 'data-audit-id': event.id })}
            columns={[
              { header: t.admin.audit.columns.at, cellProps: { style: { whiteSpace: 'nowrap' } }, cell: (event) => formatDateTime(event.at) },
              {
                header: t.admin.audit.columns.actor,
                cell: (event) => {
                  const actor = event.actorUserId ? byId.get(event.actorUserId) : undefined;
                  return event.actorUserId === null ? t.admin.audit.system : actor ? who(actor) : event.actorUserId;
                },
              },
              { header: t.admin.audit.columns.ip, cell: (event) => <Text size="sm" ff="monospace">{event.actorIp ?? ''}</Text> },
              { header: t.admin.audit.columns.entity, cellProps: { maw: 260 }, cell: (event) => <AuditSubject event={event} /> },
              { header: t.admin.audit.columns.action, cell: (event) => <Text size="sm" fw={500}>{actionLabel(event.entityType, event.action)}</Text> },
              { header: t.admin.audit.columns.changes, cellProps: { maw: 420 }, cell: (event) => <AuditChanges changes={event.changes} references={references} people={people} /> },
            ]}
          />
        )}
      </Paper>
      {!badPeriod && audit.data && rows.length > 0 && (
        <MoreRows
          query={audit}
          shown={rows.length}
          words={{ more: t.admin.audit.more, shown: (count, complete) => `${t.admin.audit.shown(count)}${complete ? `. ${t.admin.audit.allShown}` : ''}` }}
          justify="center"
        />
      )}
    </>
  );
}
