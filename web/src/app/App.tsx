// The frame around every screen: who is logged in, the menu their role may use, the live
// connection's state and the language switch; the login screen when nobody is.
import { Alert, AppShell, Badge, Burger, Button, Group, NavLink, ScrollArea, Stack, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Component, Suspense, useEffect, type ReactNode } from 'react';
import { post, whenUnauthenticated } from '../api.ts';
import { useI18n } from '../i18n/index.tsx';
import { operatorArea } from '../operator/area.ts';
import { supervisorArea } from '../supervisor/area.ts';
import { clerkArea } from '../clerk/area.ts';
import { adminArea } from '../admin/area.ts';
import { LanguageSwitch } from './LanguageSwitch.tsx';
import { LiveProvider, useLiveStatus } from './live.tsx';
import { LoginPage } from './LoginPage.tsx';
import { match, navigate, usePath } from './router.ts';
import { homeOf, useMe, type Me } from './session.ts';
import { ErrorState, Loading } from './states.tsx';
import type { Area } from './routes.ts';

const AREAS: Area[] = [operatorArea, supervisorArea, clerkArea, adminArea];

export function App() {
  const me = useMe();
  const queryClient = useQueryClient();
  useEffect(() => {
    whenUnauthenticated(() => queryClient.setQueryData(['me'], null));
  }, [queryClient]);
  if (me.isPending) return <Loading />;
  if (me.isError) return <ErrorState error={me.error} onRetry={() => void me.refetch()} />;
  if (!me.data) return <LoginPage />;
  return (
    <LiveProvider>
      <Shell me={me.data} />
    </LiveProvider>
  );
}

function Shell({ me }: { me: Me }) {
  const { t } = useI18n();
  const path = usePath();
  const queryClient = useQueryClient();
  const [navOpen, { toggle }] = useDisclosure(false);
  const logout = useMutation({
    mutationFn: () => post('/auth/logout'),
    onSettled: () => {
      queryClient.clear();
      queryClient.setQueryData(['me'], null);
      navigate('/');
    },
  });

  const screens = AREAS.flatMap((area) => area.screens).filter((screen) => screen.roles.includes(me.role));
  const menu = AREAS.flatMap((area) => area.menu).filter((entry) => entry.roles.includes(me.role));
  // The most specific entry is the current one: /supervisor/appeals marks «Звернення», not the console too.
  const current = menu
    .filter((entry) => path === entry.path || path.startsWith(`${entry.path}/`))
    .sort((a, b) => b.path.length - a.path.length)[0]?.path;
  useEffect(() => {
    if (path === '/' || path === '/login') navigate(homeOf(me.role), { replace: true });
  }, [path, me.role]);

  let content = <NotFound home={homeOf(me.role)} />;
  if (me.role === 'pbx') content = <Alert color="gray">{t.common.noRoleScreen}</Alert>;
  for (const screen of screens) {
    const params = match(screen.path, path);
    if (params) {
      const Component = screen.component;
      content = <Component params={params} />;
      break;
    }
  }

  return (
    <AppShell header={{ height: 52 }} navbar={{ width: 220, breakpoint: 'md', collapsed: { mobile: !navOpen } }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={navOpen} onClick={toggle} hiddenFrom="md" size="sm" aria-label="Меню" />
            <Title order={2} size="h4">{t.common.appName}</Title>
            <Text size="sm" c="dimmed" visibleFrom="lg">{t.common.appSubtitle}</Text>
          </Group>
          <Group gap="sm" wrap="nowrap">
            <LiveBadge />
            <Text size="sm" visibleFrom="sm">
              {me.fullName} · {t.common.roles[me.role]}
              {me.operatorNumber !== null ? ` № ${me.operatorNumber}` : ''}
            </Text>
            <Button size="xs" variant="default" onClick={() => logout.mutate()} loading={logout.isPending}>{t.common.logout}</Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label={t.common.appName}>
        <AppShell.Section grow component={ScrollArea}>
          <Stack gap={2}>
            {menu.map((entry) => (
              <NavLink
                key={entry.path}
                href={entry.path}
                label={entry.label(t)}
                active={entry.path === current}
                // Filled keeps white-on-blue contrast also under the mouse, where the light variant fails AA.
                variant="filled"
                onClick={(event) => {
                  event.preventDefault();
                  navigate(entry.path);
                }}
              />
            ))}
          </Stack>
        </AppShell.Section>
        <AppShell.Section>
          <LanguageSwitch />
        </AppShell.Section>
      </AppShell.Navbar>
      <AppShell.Main>
        <ScreenBoundary resetKey={path} reloadLabel={t.common.reload} message={t.common.screenFailed}>
          <Suspense fallback={<Loading />}>{content}</Suspense>
        </ScreenBoundary>
      </AppShell.Main>
    </AppShell>
  );
}

/** A mistyped or outdated address: says so and leads back to the person's own start screen. */
function NotFound({ home }: { home: string }) {
  const { t } = useI18n();
  return (
    <Stack gap="sm" maw={560}>
      <Title order={1} size="h3">{t.common.notFound.title}</Title>
      <Text>{t.common.notFound.hint}</Text>
      <Button component="a" href={home} w="fit-content" onClick={(event) => {
        event.preventDefault();
        navigate(home);
      }}>{t.common.notFound.home}</Button>
    </Stack>
  );
}

function LiveBadge() {
  const { t } = useI18n();
  const status = useLiveStatus();
  // Dark red under white, dark text on yellow: readable (WCAG AA) in every state, however short.
  const color = status === 'connected' ? 'green' : status === 'lost' || status === 'crowded' ? 'red.9' : 'yellow.4';
  return (
    <Badge color={color} autoContrast variant={status === 'connected' ? 'dot' : 'filled'} role="status" aria-live="polite" data-live-status={status}>
      {t.common.live[status]}
    </Badge>
  );
}

/**
 * A screen whose code cannot be loaded (the server was updated since this page was opened, or the
 * network dropped) says so and offers a reload, instead of leaving a blank page.
 */
class ScreenBoundary extends Component<{ children: ReactNode; message: string; reloadLabel: string; resetKey: string }, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  // Going to another screen tries again; staying on one keeps its state (no remount).
  override componentDidUpdate(previous: { resetKey: string }): void {
    if (this.state.failed && previous.resetKey !== this.props.resetKey) this.setState({ failed: false });
  }

  override render() {
    if (!this.state.failed) return this.props.children;
    return (
      <Alert color="red" role="alert">
        <Stack gap="xs">
          <Text size="sm">{this.props.message}</Text>
          <Button size="xs" variant="light" color="red" onClick={() => location.reload()} w="fit-content">{this.props.reloadLabel}</Button>
        </Stack>
      </Alert>
    );
  }
}
