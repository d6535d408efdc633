// The list of users: who they are, their role and operator number, whether they may log in.
import { Anchor, Button, Group, NativeSelect, Paper, Table, Text } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useState, type MouseEvent } from 'react';
import { get } from '../api.ts';
import { navigate } from '../app/router.ts';
import type { Role } from '../app/session.ts';
import { Empty, ErrorState, Loading } from '../app/states.tsx';
import { useI18n } from '../i18n/index.tsx';
import { isLocked, keys, ROLES, type AdminUser, type Page } from './data.ts';
import { PageHeader, StateBadge } from './parts.tsx';

export function AdminUsers() {
  const { t, formatDateTime } = useI18n();
  const [role, setRole] = useState<Role | ''>('');
  const users = useInfiniteQuery({
    queryKey: [...keys.users, 'list', role],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) => {
      const query = new URLSearchParams({ limit: '50' });
      if (role) query.set('role', role);
      if (pageParam) query.set('cursor', pageParam);
      return get<Page<AdminUser>>(`/users?${query.toString()}`, signal);
    },
    getNextPageParam: (last) => last.nextCursor,
  });
  const rows = users.data?.pages.flatMap((page) => page.items) ?? [];
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
        {users.isPending ? (
          <Loading label={t.admin.users.loading} />
        ) : users.isError ? (
          <ErrorState error={users.error} onRetry={() => void users.refetch()} />
        ) : rows.length === 0 ? (
          <Empty title={t.admin.users.empty} hint={t.admin.users.emptyHint} />
        ) : (
          <Table.ScrollContainer minWidth={900}>
            <Table striped highlightOnHover verticalSpacing="xs">
              <Table.Caption>{t.admin.users.caption}</Table.Caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t.admin.users.columns.login}</Table.Th>
                  <Table.Th scope="col">{t.admin.users.columns.fullName}</Table.Th>
                  <Table.Th scope="col">{t.admin.users.columns.role}</Table.Th>
                  <Table.Th scope="col">{t.admin.users.columns.operatorNumber}</Table.Th>
                  <Table.Th scope="col">{t.admin.users.columns.email}</Table.Th>
                  <Table.Th scope="col">{t.admin.users.columns.state}</Table.Th>
                  <Table.Th scope="col">{t.admin.users.columns.actions}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((user) => (
                  <Table.Tr key={user.id} data-user-login={user.login}>
                    <Table.Td><Text size="sm" ff="monospace">{user.login}</Text></Table.Td>
                    <Table.Td>{user.fullName}</Table.Td>
                    <Table.Td>{t.common.roles[user.role]}</Table.Td>
                    <Table.Td>{user.operatorNumber ?? ''}</Table.Td>
                    <Table.Td><Text size="sm" style={{ wordBreak: 'break-all' }}>{user.email ?? ''}</Text></Table.Td>
                    <Table.Td>
                      <Group gap={4}>
                        {user.active
                          ? <StateBadge tone="good">{t.admin.users.active}</StateBadge>
                          : <StateBadge tone="neutral">{t.admin.users.inactive}</StateBadge>}
                        {isLocked(user) && <StateBadge tone="bad">{t.admin.users.locked(formatDateTime(user.lockedUntil!))}</StateBadge>}
                      </Group>
                    </Table.Td>
                    <Table.Td>
                      <Anchor
                        href={`/admin/users/${user.id}`}
                        onClick={(event: MouseEvent) => open(event, `/admin/users/${user.id}`)}
                        aria-label={t.admin.users.editNamed(user.login)}
                        size="sm"
                      >
                        {t.admin.users.edit}
                      </Anchor>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Paper>
      {users.hasNextPage && (
        <Group justify="center" mt="sm">
          <Button variant="default" onClick={() => void users.fetchNextPage()} loading={users.isFetchingNextPage}>{t.admin.users.more}</Button>
        </Group>
      )}
      {users.isFetchNextPageError && <ErrorState error={users.error} onRetry={() => void users.fetchNextPage()} />}
    </>
  );
}
