import type { Area } from '../app/routes.ts';
import { OperatorWorkspace } from './OperatorWorkspace.tsx';

export const operatorArea: Area = {
  screens: [{ path: '/operator', roles: ['operator'], component: OperatorWorkspace }],
  menu: [{ path: '/operator', roles: ['operator'], label: (t) => t.common.nav.workspace }],
};
