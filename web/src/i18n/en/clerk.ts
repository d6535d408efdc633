import type { clerk as uk } from '../uk/clerk.ts';

export const clerk: typeof uk = {
  title: '',
};
