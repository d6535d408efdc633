import type { Area } from '../app/routes.ts';
import { SupervisorConsole } from './SupervisorConsole.tsx';

export const supervisorArea: Area = {
  screens: [{ path: '/supervisor', roles: ['supervisor', 'admin'], component: SupervisorConsole }],
  menu: [{ path: '/supervisor', roles: ['supervisor', 'admin'], label: (t) => t.common.nav.console }],
};
