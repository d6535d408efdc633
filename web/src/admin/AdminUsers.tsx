// The list of users: who they are, their role and operator number, whether they may log in.
import { Anchor, Button, Group, NativeSelect, Paper, Text } from '@mantine/core';
import { useState, type MouseEvent } from 'react';
import { navigate } from '../app/router.ts';
import type { Role } from '../app/session.ts';
import { useI18n } from '../i18n/index.tsx';
import { ListTable, MoreRows, rowsOf, usePagedList } from '../shared/lists.tsx';
import { isLocked, keys, ROLES, type AdminUser } from './data.ts';
import { PageHeader, StateBadge } from './parts.tsx';

export function AdminUsers() {
  const { t, formatDateTime } = useI18n();
  const [role, setRole] = useState<Role | ''>('');
  const users = usePagedList<AdminUser>({ queryKey: [...keys.users, 'list', role], path: '/users', query: { limit: '50', role } });
  const rows = rowsOf(users);
  const open = (event: MouseEvent, path: string) => {
    event.preventDefault();
    navigate(path);
  };

  return (
    <>
      <PageHeader
        title={t.common.nav.users}
        intro={t.admin.users.intro}
        action={<Button component="a" href="/admin/users/new" onClick={(event: MouseEvent) => open(event, '/admin/users/new')}>{t.admin.users.create}</Button>}
      />
      <Group mb="sm">
        <NativeSelect
          label={t.admin.users.roleFilter}
          value={role}
          onChange={(event) => setRole(event.currentTarget.value as Role | '')}
          data={[{ value: '', label: t.admin.users.allRoles }, ...ROLES.map((value) => ({ value, label: t.common.roles[value] }))]}
          w={260}
        />
      </Group>
      <Paper withBorder>
        <ListTable
          query={users}
          rows={rows}
          loadingLabel={t.admin.users.loading}
          empty={{ title: t.admin.users.empty, hint: t.admin.users.emptyHint }}
          minWidth={900}
          verticalSpacing="xs"
          caption={t.admin.users.caption}
          rowKey={(user) => user.id}
          rowProps={(user) => ({ 'data-user-login': user.login })}
          columns={[
            { header: t.admin.users.columns.login, cell: (user) => <Text size="sm" ff="monospace">{user.login}</Text> },
            { header: t.admin.users.columns.fullName, cell: (user) => user.fullName },
            { header: t.admin.users.columns.role, cell: (user) => t.common.roles[user.role] },
            { header: t.admin.users.columns.operatorNumber, cell: (user) => user.operatorNumber ?? '' },
            { header: t.admin.users.columns.email, cell: (user) => <Text size="sm" style={{ wordBreak: 'break-all' }}>{user.email ?? ''}</Text> },
            {
              header: t.admin.users.columns.state,
              cell: (user) => (
                <Group gap={4}>
                  {user.active
                    ? <StateBadge tone="good">{t.admin.users.active}</StateBadge>
                    : <StateBadge tone="neutral">{t.admin.users.inactive}</StateBadge>}
                  {isLocked(user) && <StateBadge tone="bad">{t.admin.users.locked(formatDateTime(user.lockedUntil!))}</StateBadge>}
                </Group>
              ),
            },
            {
              header: t.admin.users.columns.actions,
              cell: (user) => (
                <Anchor
                  href={`/admin/users/${user.id}`}
                  onClick={(event: MouseEvent) => open(event, `/admin/users/${user.id}`)}
                  aria-label={t.admin.users.editNamed(user.login)}
                  size="sm"
                >
                  {t.admin.users.edit}
                </Anchor>
              ),
            },
          ]}
        />
      </Paper>
      {users.data && <MoreRows query={users} shown={rows.length} words={{ more: t.admin.users.more }} justify="center" />}
    </>
  );
}
