import type { supervisor as uk } from '../uk/supervisor.ts';

export const supervisor: typeof uk = {
  title: '',
};
