import type { admin as uk } from '../uk/admin.ts';

export const admin: typeof uk = {
  title: '',
};
