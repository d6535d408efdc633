import { lazyScreen, type Area } from '../app/routes.ts';
import { OperatorWorkspace } from './OperatorWorkspace.tsx';

const CallbacksScreen = lazyScreen(() => import('./callbacks/CallbacksScreen.tsx'), 'CallbacksScreen');
const MyAppeals = lazyScreen(() => import('./appeals/MyAppeals.tsx'), 'MyAppeals');
const OperatorAppealPage = lazyScreen(() => import('./appeals/MyAppeals.tsx'), 'OperatorAppealPage');
const UnansweredCallsScreen = lazyScreen(() => import('../supervisor/unanswered/UnansweredCallsScreen.tsx'), 'UnansweredCallsScreen');

export const operatorArea: Area = {
  screens: [
    { path: '/operator', roles: ['operator'], component: OperatorWorkspace },
    // The call on screen is in the address, so a reload keeps it.
    { path: '/operator/calls/:id', roles: ['operator'], component: OperatorWorkspace },
    // H3: the callbacks to make; the one chosen is in the address.
    { path: '/operator/callbacks', roles: ['operator'], component: CallbacksScreen },
    { path: '/operator/callbacks/:id', roles: ['operator'], component: CallbacksScreen },
    // The appeals the operator registered, and one of them with its forwarding.
    { path: '/operator/appeals', roles: ['operator'], component: MyAppeals },
    { path: '/operator/appeals/:id', roles: ['operator'], component: OperatorAppealPage },
    // H3: callers nobody answered, the same list the supervisor sees.
    { path: '/operator/unanswered', roles: ['operator'], component: UnansweredCallsScreen },
  ],
  menu: [
    { path: '/operator', roles: ['operator'], label: (t) => t.common.nav.workspace },
    { path: '/operator/callbacks', roles: ['operator'], label: (t) => t.operator.callbacks.nav },
    { path: '/operator/appeals', roles: ['operator'], label: (t) => t.operator.myAppeals.nav },
    { path: '/operator/unanswered', roles: ['operator'], label: (t) => t.supervisor.unanswered.nav },
  ],
};
