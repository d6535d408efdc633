import { lazyScreen, type Area } from '../app/routes.ts';

const ClerkInbox = lazyScreen(() => import('./ClerkInbox.tsx'), 'ClerkInbox');

export const clerkArea: Area = {
  screens: [
    { path: '/clerk', roles: ['court_clerk'], component: ClerkInbox },
    { path: '/clerk/appeals/:appealId', roles: ['court_clerk'], component: ClerkInbox },
  ],
  menu: [{ path: '/clerk', roles: ['court_clerk'], label: (t) => t.common.nav.inbox }],
};
