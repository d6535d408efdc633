import type { Area } from '../app/routes.ts';
import { AdminUsers } from './AdminUsers.tsx';

export const adminArea: Area = {
  screens: [{ path: '/admin/users', roles: ['admin'], component: AdminUsers }],
  menu: [{ path: '/admin/users', roles: ['admin'], label: (t) => t.common.nav.users }],
};
