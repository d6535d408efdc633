import type { panels as uk } from '../uk/panels.ts';

export const panels: typeof uk = {
  title: '',
};
