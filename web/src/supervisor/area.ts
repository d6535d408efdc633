import { lazyScreen, type Area } from '../app/routes.ts';

const SupervisorConsole = lazyScreen(() => import('./SupervisorConsole.tsx'), 'SupervisorConsole');
const AppealsRegister = lazyScreen(() => import('./Registers.tsx'), 'AppealsRegister');
const CallsRegister = lazyScreen(() => import('./Registers.tsx'), 'CallsRegister');
const AppealPage = lazyScreen(() => import('./AppealPage.tsx'), 'AppealPage');
const CallTimeline = lazyScreen(() => import('./CallTimeline.tsx'), 'CallTimeline');
const RatingsScreen = lazyScreen(() => import('./ratings/RatingsScreen.tsx'), 'RatingsScreen');
const UnansweredCallsScreen = lazyScreen(() => import('./unanswered/UnansweredCallsScreen.tsx'), 'UnansweredCallsScreen');
const MissedCallRuleScreen = lazyScreen(() => import('./unanswered/MissedCallRuleScreen.tsx'), 'MissedCallRuleScreen');

const management = ['supervisor', 'admin'] as const;

export const supervisorArea: Area = {
  screens: [
    { path: '/supervisor', roles: management, component: SupervisorConsole },
    { path: '/supervisor/appeals', roles: management, component: AppealsRegister },
    { path: '/supervisor/appeals/:id', roles: management, component: AppealPage },
    { path: '/supervisor/calls', roles: management, component: CallsRegister },
    { path: '/supervisor/calls/:id', roles: management, component: CallTimeline },
    { path: '/supervisor/ratings', roles: management, component: RatingsScreen },
    // H3: the unanswered calls are read by those who call back (an admin does not); the rule by management.
    { path: '/supervisor/unanswered', roles: ['supervisor'], component: UnansweredCallsScreen },
    { path: '/supervisor/missed-call-rule', roles: management, component: MissedCallRuleScreen },
  ],
  menu: [
    { path: '/supervisor', roles: management, label: (t) => t.common.nav.console },
    { path: '/supervisor/appeals', roles: management, label: (t) => t.supervisor.nav.appeals },
    { path: '/supervisor/calls', roles: management, label: (t) => t.supervisor.nav.calls },
    { path: '/supervisor/ratings', roles: management, label: (t) => t.supervisor.ratings.nav },
    { path: '/supervisor/unanswered', roles: ['supervisor'], label: (t) => t.supervisor.unanswered.nav },
    { path: '/supervisor/missed-call-rule', roles: management, label: (t) => t.supervisor.unanswered.rule.nav },
  ],
};
