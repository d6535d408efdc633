import { createElement, type ComponentType, type CSSProperties } from 'react';
import { lazyScreen, type Area } from '../app/routes.ts';

const AdminAudit = lazyScreen(() => import('./AdminAudit.tsx'), 'AdminAudit');
const AdminBlockedNumbers = lazyScreen(() => import('./AdminBlockedNumbers.tsx'), 'AdminBlockedNumbers');
const AdminExtensions = lazyScreen(() => import('./AdminExtensions.tsx'), 'AdminExtensions');
const AdminSettings = lazyScreen(() => import('./AdminSettings.tsx'), 'AdminSettings');
const AdminUsers = lazyScreen(() => import('./AdminUsers.tsx'), 'AdminUsers');
const CreateUser = lazyScreen(() => import('./CreateUser.tsx'), 'CreateUser');
const UserDetail = lazyScreen(() => import('./UserDetail.tsx'), 'UserDetail');

type ScreenProps = { params: Record<string, string> };

// Mantine's light-scheme error red (red.6) is below WCAG AA contrast on white; the admin forms
// show many field errors, so their red is the darker shade.
const ERROR_COLOUR = { '--mantine-color-error': 'var(--mantine-color-red-9)' } as CSSProperties;

function adminScreen(Screen: ComponentType<ScreenProps>): ComponentType<ScreenProps> {
  return function AdminScreen(props: ScreenProps) {
    return createElement('div', { style: ERROR_COLOUR }, createElement(Screen, props));
  };
}

const admin = ['admin'] as const;

export const adminArea: Area = {
  screens: [
    { path: '/admin/users', roles: admin, component: adminScreen(AdminUsers) },
    // Before '/admin/users/:id', which would otherwise take «new» for an id.
    { path: '/admin/users/new', roles: admin, component: adminScreen(CreateUser) },
    { path: '/admin/users/:id', roles: admin, component: adminScreen(UserDetail) },
    { path: '/admin/settings', roles: admin, component: adminScreen(AdminSettings) },
    { path: '/admin/extensions', roles: admin, component: adminScreen(AdminExtensions) },
    { path: '/admin/blocked-numbers', roles: admin, component: adminScreen(AdminBlockedNumbers) },
    { path: '/admin/audit', roles: admin, component: adminScreen(AdminAudit) },
  ],
  menu: [
    { path: '/admin/users', roles: admin, label: (t) => t.common.nav.users },
    { path: '/admin/settings', roles: admin, label: (t) => t.common.nav.settings },
    { path: '/admin/extensions', roles: admin, label: (t) => t.admin.nav.extensions },
    { path: '/admin/blocked-numbers', roles: admin, label: (t) => t.admin.nav.blockedNumbers },
    { path: '/admin/audit', roles: admin, label: (t) => t.admin.nav.audit },
  ],
};
