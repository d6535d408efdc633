import type { Area } from '../app/routes.ts';
import { AppealPage } from './AppealPage.tsx';
import { CallTimeline } from './CallTimeline.tsx';
import { AppealsRegister, CallsRegister } from './Registers.tsx';
import { SupervisorConsole } from './SupervisorConsole.tsx';
import { RatingsScreen } from './ratings/RatingsScreen.tsx';

const management = ['supervisor', 'admin'] as const;

export const supervisorArea: Area = {
  screens: [
    { path: '/supervisor', roles: management, component: SupervisorConsole },
    { path: '/supervisor/appeals', roles: management, component: AppealsRegister },
    { path: '/supervisor/appeals/:id', roles: management, component: AppealPage },
    { path: '/supervisor/calls', roles: management, component: CallsRegister },
    { path: '/supervisor/calls/:id', roles: management, component: CallTimeline },
    { path: '/supervisor/ratings', roles: management, component: RatingsScreen },
  ],
  menu: [
    { path: '/supervisor', roles: management, label: (t) => t.common.nav.console },
    { path: '/supervisor/appeals', roles: management, label: (t) => t.supervisor.nav.appeals },
    { path: '/supervisor/calls', roles: management, label: (t) => t.supervisor.nav.calls },
    { path: '/supervisor/ratings', roles: management, label: (t) => t.supervisor.ratings.nav },
  ],
};
